import type { Logger } from 'pino';
import type { AcceptMessage } from '../types.js';
import { DEFAULT_RECONNECT, type ReconnectOptions } from './backoff.js';
import { MemoryImapCheckpointStore, type ImapCheckpointStore } from './checkpoint-store.js';
import type { ImapMessageClassifier } from './classify-message.js';
import type { ImapAuthError } from './imap-errors.js';
import { runMailboxPoller } from './mailbox-poller.js';
import type { ImapMailboxConfig } from './parse-imap-url.js';

export interface ImapPollerOptions {
  /** Mailboxes to drain, each from {@link parseImapUrl}; one connection each. */
  mailboxes: readonly ImapMailboxConfig[];
  /** The durable hand-off; a message is marked done in the mailbox only after it resolves. */
  acceptMessage: AcceptMessage;
  /**
   * Tells reports from a person's mail before the hand-off. Mail it calls `other` never
   * reaches acceptMessage and is set aside per the URL's `nonBounce` option, never deleted.
   * Default: none, every message is handed over and settled per `action`.
   */
  classify?: ImapMessageClassifier;
  logger: Logger;
  /** Where UID checkpoints live (default: in memory, lost on restart). */
  checkpoints?: ImapCheckpointStore;
  /** Reconnect back-off (default 1 s doubling to 60 s). */
  reconnect?: Partial<ReconnectOptions>;
  /**
   * Called when a mailbox stops for good (wrong credentials, code `INTAKE_IMAP_AUTH`). The
   * other mailboxes go on. Default: nothing beyond the `imap.auth.failed` log line.
   */
  onFatalError?: (error: ImapAuthError, mailbox: ImapMailboxConfig) => void;
}

/** A running poller. */
export interface ImapPoller {
  /** Finishes the message in hand, settles the batch, logs out of every mailbox. */
  stop(): Promise<void>;
}

/**
 * Starts draining every mailbox: each report goes through `acceptMessage` and is flagged
 * \Seen and moved (or deleted) only once that resolved; with a classifier, a person's mail is
 * set aside instead. Returns at once; connections and errors are reported through the logger
 * (events `imap.*`).
 */
export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const checkpoints = options.checkpoints ?? new MemoryImapCheckpointStore();
  const reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
  const stops = options.mailboxes.map((config) =>
    runMailboxPoller({
      config,
      acceptMessage: options.acceptMessage,
      classify: options.classify,
      checkpoints,
      reconnect,
      logger: options.logger.child({ stage: 'intake', mailbox: config.remote }),
      onFatalError: options.onFatalError ?? (() => {}),
    }),
  );
  return {
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
