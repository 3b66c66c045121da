import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { AcceptMessage } from '../types.js';
import { backoffDelay, sleep, type ReconnectOptions } from './backoff.js';
import type { ImapCheckpointStore } from './checkpoint-store.js';
import type { ImapMessageClassifier } from './classify-message.js';
import { drainMailbox } from './drain-mailbox.js';
import { markMailboxDrained } from '../../metrics/index.js';
import { ImapAuthError } from './imap-errors.js';
import { createImapClient, ensureFolder } from './open-client.js';
import type { ImapMailboxConfig } from './parse-imap-url.js';

export interface MailboxPollerOptions {
  config: ImapMailboxConfig;
  acceptMessage: AcceptMessage;
  classify?: ImapMessageClassifier | undefined;
  checkpoints: ImapCheckpointStore;
  logger: Logger;
  reconnect: ReconnectOptions;
  onFatalError: (error: ImapAuthError, config: ImapMailboxConfig) => void;
}

/**
 * Keeps one mailbox drained until stopped: connect, drain, wait for IDLE news or the poll
 * timer, drain again; on any failure close, back off and reconnect. Only bad credentials end
 * the loop, since no retry can fix them. Returns a function that stops the loop and resolves
 * once the message in hand is settled and the connection is logged out.
 */
export function runMailboxPoller(options: MailboxPollerOptions): () => Promise<void> {
  const { logger } = options;
  const abort = new AbortController();
  const loop = pollForever(options, abort.signal).catch((error: unknown) => {
    logger.error(
      { event: 'imap.poller.crashed', err: error },
      'IMAP poller loop ended unexpectedly',
    );
  });
  return async () => {
    abort.abort();
    await loop;
    logger.info({ event: 'imap.poller.stopped' }, 'IMAP poller stopped');
  };
}

async function pollForever(options: MailboxPollerOptions, signal: AbortSignal): Promise<void> {
  const { config, logger } = options;
  // The lag counts from the poller's start until the first drain.
  markMailboxDrained(config.remote);
  let attempt = 0;
  while (!signal.aborted) {
    const client = createImapClient(config);
    // imapflow emits 'error' on socket trouble; without a listener Node would throw it.
    client.on('error', (error: Error) =>
      logger.debug({ event: 'imap.connection.error', err: error }, 'IMAP connection error'),
    );
    try {
      await client.connect();
      logger.info(
        { event: 'imap.connected', idle: client.capabilities.has('IDLE') },
        'connected to IMAP server',
      );
      if (config.action === 'move') await ensureFolder(client, config.processedFolder);
      if (options.classify && config.nonBounce.action === 'move') {
        await ensureFolder(client, config.nonBounce.folder);
      }
      await serveConnection(client, options, signal, () => {
        attempt = 0;
      });
      if (!signal.aborted)
        logger.warn({ event: 'imap.connection.closed' }, 'IMAP server closed the connection');
    } catch (error) {
      if ((error as { authenticationFailed?: boolean }).authenticationFailed) {
        const fatal = new ImapAuthError(config.remote, error);
        logger.error({ event: 'imap.auth.failed', code: fatal.code }, fatal.message);
        options.onFatalError(fatal, config);
        return;
      }
      if (!signal.aborted) {
        logger.warn(
          { event: 'imap.pass.failed', attempt, err: error },
          'IMAP pass failed; will retry',
        );
      }
    } finally {
      await closeClient(client);
    }
    if (signal.aborted) return;
    const delay = backoffDelay(attempt++, options.reconnect);
    logger.info(
      { event: 'imap.reconnect.scheduled', delayMs: delay },
      'reconnecting after back-off',
    );
    await sleep(delay, signal);
  }
}

/** Drains whenever there is news, until the connection drops or the poller stops. */
async function serveConnection(
  client: ImapFlow,
  options: MailboxPollerOptions,
  signal: AbortSignal,
  onHealthy: () => void,
): Promise<void> {
  let news = false;
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  client.on('exists', () => {
    news = true;
    notify();
  });
  client.on('close', notify);
  signal.addEventListener('abort', notify, { once: true });
  try {
    while (!signal.aborted && client.usable) {
      news = false;
      const started = Date.now();
      const result = await drainMailbox({ ...options, client, stopping: () => signal.aborted });
      if (!signal.aborted) markMailboxDrained(options.config.remote);
      onHealthy();
      if (result.accepted + result.duplicates + result.refused + result.setAside > 0) {
        options.logger.info(
          { event: 'imap.drain.done', ...result, ms: Date.now() - started },
          'mailbox drained',
        );
      }
      if (news || signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.config.pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (!client.usable || signal.aborted) wake();
      });
      wake = undefined;
    }
  } finally {
    signal.removeEventListener('abort', notify);
  }
}

/** A server that stopped answering must not hold up stop(): LOGOUT gets this long. */
const LOGOUT_TIMEOUT_MS = 5000;

async function closeClient(client: ImapFlow): Promise<void> {
  if (client.usable) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.logout(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, LOGOUT_TIMEOUT_MS);
        }),
      ]);
    } catch {
      // A failed LOGOUT still must not leak the socket: closed below.
    } finally {
      clearTimeout(timer);
    }
  }
  if (!client.isClosed) client.close();
}
