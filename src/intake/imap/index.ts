/** IMAP intake: drains return-path mailboxes into the durable spool via acceptMessage. */
export { startImapPoller, type ImapPoller, type ImapPollerOptions } from './start-imap-poller.js';
export {
  parseImapUrl,
  type ImapMailboxConfig,
  type ImapNonBounceHandling,
  type ImapProcessedAction,
  type ImapTlsMode,
} from './parse-imap-url.js';
export {
  MemoryImapCheckpointStore,
  type ImapCheckpoint,
  type ImapCheckpointStore,
} from './checkpoint-store.js';
export { ImapAuthError, ImapUrlError } from './imap-errors.js';
export { NOT_BOUNCE_KEYWORD, REFUSED_KEYWORD } from './settle-messages.js';
export type { ImapMessageClass, ImapMessageClassifier } from './classify-message.js';
export type { ReconnectOptions } from './backoff.js';
