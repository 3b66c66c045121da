import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { isAppError } from '../../errors.js';
import type { AcceptMessage } from '../types.js';
import type { ImapCheckpoint, ImapCheckpointStore } from './checkpoint-store.js';
import { envelopeFromHeaders } from './message-envelope.js';
import type { ImapMailboxConfig } from './parse-imap-url.js';
import { settleMessages } from './settle-messages.js';
import { toUidSet } from './uid-set.js';

/**
 * Keyword set on a message acceptMessage refused for good (a non-retryable AppError, e.g. too
 * large): it stays in the mailbox, unread, for a person to look at, and no longer blocks the
 * messages behind it.
 */
export const REFUSED_KEYWORD = '$ReboundRefused';

export interface DrainContext {
  client: ImapFlow;
  config: ImapMailboxConfig;
  checkpoints: ImapCheckpointStore;
  acceptMessage: AcceptMessage;
  logger: Logger;
  /** Checked between messages: a stop finishes the message in hand, settles, and returns. */
  stopping: () => boolean;
}

export interface DrainResult {
  accepted: number;
  duplicates: number;
  refused: number;
}

/**
 * One pass over the mailbox: settle what an earlier run accepted but did not move, then hand
 * over every newer UID in batches, settling each batch before the next. The order per message
 * is fetch → acceptMessage → checkpoint → (per batch) \Seen + move/delete, so a crash at any
 * point leaves the message either not accepted (still in the mailbox, above the checkpoint)
 * or accepted and at or below the checkpoint (moved on the next pass, never accepted again).
 * @throws whatever acceptMessage threw when it may succeed later; the caller backs off.
 */
export async function drainMailbox(ctx: DrainContext): Promise<DrainResult> {
  const { client, config, logger } = ctx;
  const result: DrainResult = { accepted: 0, duplicates: 0, refused: 0 };
  const lock = await client.getMailboxLock(config.mailbox);
  try {
    if (!client.mailbox) throw new Error(`mailbox ${config.mailbox} is not selected`);
    const checkpoint = await loadCheckpoint(ctx, String(client.mailbox.uidValidity));

    if (checkpoint.lastUid > 0) {
      const leftover = await searchUids(client, {
        uid: `1:${checkpoint.lastUid}`,
        unKeyword: REFUSED_KEYWORD,
        ...(config.action === 'flag' ? { seen: false } : {}),
      });
      const settled = leftover.filter((uid) => uid <= checkpoint.lastUid);
      if (settled.length > 0) {
        logger.info(
          { event: 'imap.leftover.settled', count: settled.length },
          'settling accepted messages left by an earlier run',
        );
        await settleMessages(client, config, settled);
      }
    }

    // `n:*` always matches the highest UID, even below n (RFC 9051 §6.4.8): filter it out.
    const fresh = (await searchUids(client, { uid: `${checkpoint.lastUid + 1}:*` })).filter(
      (uid) => uid > checkpoint.lastUid,
    );
    for (let i = 0; i < fresh.length && !ctx.stopping(); i += config.batchSize) {
      const batch = fresh.slice(i, i + config.batchSize);
      const accepted: number[] = [];
      let failure: unknown;
      try {
        failure = await handOverBatch(ctx, batch, checkpoint, accepted, result);
      } finally {
        // Settle what was stored even when the connection broke mid-batch; if this fails too,
        // the next pass finds these UIDs at or below the checkpoint and settles them.
        if (accepted.length > 0 && client.usable) await settleMessages(client, config, accepted);
      }
      if (failure !== undefined) throw failure;
    }
  } finally {
    lock.release();
  }
  return result;
}

async function loadCheckpoint(ctx: DrainContext, uidValidity: string): Promise<ImapCheckpoint> {
  const stored = await ctx.checkpoints.get(ctx.config.remote);
  if (stored && stored.uidValidity === uidValidity) return stored;
  if (stored) {
    // The server renumbered the mailbox: old UIDs mean nothing. Everything still in it is
    // handed over again; the spool's content hash makes those hand-offs duplicates.
    ctx.logger.warn(
      { event: 'imap.uidvalidity.changed', previous: stored.uidValidity, current: uidValidity },
      'UIDVALIDITY changed, starting over',
    );
  }
  return { uidValidity, lastUid: 0 };
}

/** Returns the error that stopped the batch, if it may succeed on a later pass. */
async function handOverBatch(
  ctx: DrainContext,
  batch: number[],
  checkpoint: ImapCheckpoint,
  accepted: number[],
  result: DrainResult,
): Promise<unknown> {
  const { client, config, logger } = ctx;
  const refused: number[] = [];
  try {
    for await (const message of client.fetch(
      toUidSet(batch),
      { uid: true, source: true, internalDate: true },
      { uid: true },
    )) {
      if (!message.source) continue;
      const receivedAt = message.internalDate ? new Date(message.internalDate) : new Date();
      try {
        const outcome = await ctx.acceptMessage({
          source: 'imap',
          envelope: envelopeFromHeaders(message.source, config.user, config.remote),
          raw: message.source,
          receivedAt,
        });
        accepted.push(message.uid);
        if (outcome.duplicate) result.duplicates++;
        else result.accepted++;
        logger.debug(
          {
            event: 'imap.message.accepted',
            uid: message.uid,
            spoolId: outcome.spoolId,
            duplicate: outcome.duplicate,
          },
          'message handed over',
        );
      } catch (error) {
        if (!isAppError(error) || error.retryable) {
          logger.warn(
            {
              event: 'imap.message.deferred',
              uid: message.uid,
              code: isAppError(error) ? error.code : undefined,
              err: error,
            },
            'acceptMessage failed; message left in the mailbox for the next pass',
          );
          return error;
        }
        refused.push(message.uid);
        result.refused++;
        logger.error(
          { event: 'imap.message.refused', uid: message.uid, code: error.code },
          'acceptMessage refused the message for good; it stays in the mailbox, marked',
        );
      }
      // Servers answer FETCH in sequence order, which is UID order, so this only grows.
      checkpoint.lastUid = Math.max(checkpoint.lastUid, message.uid);
      await ctx.checkpoints.set(config.remote, checkpoint);
      if (ctx.stopping()) break;
    }
  } finally {
    if (refused.length > 0 && client.usable) {
      await client.messageFlagsAdd(toUidSet(refused), [REFUSED_KEYWORD], { uid: true });
    }
  }
  return undefined;
}

async function searchUids(
  client: ImapFlow,
  query: Parameters<ImapFlow['search']>[0],
): Promise<number[]> {
  const found = await client.search(query, { uid: true });
  return Array.isArray(found) ? found : [];
}
