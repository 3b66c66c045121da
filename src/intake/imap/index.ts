/** IMAP intake: drains return-path mailboxes into the durable spool via acceptMessage. */
export { startImapPoller, type ImapPoller, type ImapPollerOptions } from './start-imap-poller.js';
export {
  parseImapUrl,
  type ImapMailboxConfig,
  type ImapProcessedAction,
  type ImapTlsMode,
} from './parse-imap-url.js';
export {
  MemoryImapCheckpointStore,
  type ImapCheckpoint,
  type ImapCheckpointStore,
} from './checkpoint-store.js';
export { ImapAuthError, ImapUrlError } from './imap-errors.js';
export { REFUSED_KEYWORD } from './drain-mailbox.js';
export type { ReconnectOptions } from './backoff.js';
