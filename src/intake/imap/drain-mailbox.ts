import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { isAppError } from '../../errors.js';
import type { AcceptMessage } from '../types.js';
import type { ImapCheckpoint, ImapCheckpointStore } from './checkpoint-store.js';
import { classifyMessage, type ImapMessageClassifier } from './classify-message.js';
import { envelopeFromHeaders } from './message-envelope.js';
import type { ImapMailboxConfig } from './parse-imap-url.js';
import { settleLeftovers } from './settle-leftovers.js';
import { REFUSED_KEYWORD, setAsideMessages, settleMessages } from './settle-messages.js';
import { searchUids } from './search-uids.js';
import { toUidSet } from './uid-set.js';

export interface DrainContext {
  client: ImapFlow;
  config: ImapMailboxConfig;
  checkpoints: ImapCheckpointStore;
  acceptMessage: AcceptMessage;
  /** Tells reports from a person's mail; without it every message is handed over. */
  classify?: ImapMessageClassifier | undefined;
  logger: Logger;
  /** Checked between messages: a stop finishes the message in hand, settles, and returns. */
  stopping: () => boolean;
}

export interface DrainResult {
  accepted: number;
  duplicates: number;
  refused: number;
  /** Not reports: kept out of the spool and set aside per `nonBounce`. */
  setAside: number;
}

/** UIDs of one batch, by what happens to them once the FETCH is over. */
interface BatchOutcome {
  accepted: number[];
  setAside: number[];
  refused: number[];
}

/**
 * One pass over the mailbox: settle what an earlier run accepted but did not move, then hand
 * over every newer UID in batches, settling each batch before the next. The order per message
 * is fetch → classify → acceptMessage → checkpoint → (per batch) \Seen + move/delete, so a
 * crash at any point leaves the message either not accepted (still in the mailbox, above the
 * checkpoint) or accepted and at or below the checkpoint (moved on the next pass, never
 * accepted again). A person's mail skips acceptMessage and is set aside per `nonBounce` instead.
 * @throws whatever acceptMessage threw when it may succeed later; the caller backs off.
 */
export async function drainMailbox(ctx: DrainContext): Promise<DrainResult> {
  const { client, config } = ctx;
  const result: DrainResult = { accepted: 0, duplicates: 0, refused: 0, setAside: 0 };
  const lock = await client.getMailboxLock(config.mailbox);
  try {
    if (!client.mailbox) throw new Error(`mailbox ${config.mailbox} is not selected`);
    const checkpoint = await loadCheckpoint(ctx, String(client.mailbox.uidValidity));
    if (checkpoint.lastUid > 0) await settleLeftovers(ctx, checkpoint.lastUid);

    // `n:*` always matches the highest UID, even below n (RFC 9051 §6.4.8): filter it out.
    const fresh = (await searchUids(client, { uid: `${checkpoint.lastUid + 1}:*` })).filter(
      (uid) => uid > checkpoint.lastUid,
    );
    for (let i = 0; i < fresh.length && !ctx.stopping(); i += config.batchSize) {
      const batch = fresh.slice(i, i + config.batchSize);
      const outcome: BatchOutcome = { accepted: [], setAside: [], refused: [] };
      let failure: unknown;
      try {
        failure = await handOverBatch(ctx, batch, checkpoint, outcome, result);
      } finally {
        // Settle what was stored even when the connection broke mid-batch; if this fails too,
        // the next pass finds these UIDs at or below the checkpoint and settles them.
        // IMAP commands wait until the FETCH is over: imapflow deadlocks on one inside it.
        if (client.usable) await settleBatch(client, config, outcome);
      }
      if (failure !== undefined) throw failure;
    }
  } finally {
    lock.release();
  }
  return result;
}

async function settleBatch(
  client: ImapFlow,
  config: ImapMailboxConfig,
  outcome: BatchOutcome,
): Promise<void> {
  if (outcome.refused.length > 0) {
    await client.messageFlagsAdd(toUidSet(outcome.refused), [REFUSED_KEYWORD], { uid: true });
  }
  await settleMessages(client, config, outcome.accepted);
  await setAsideMessages(client, config, outcome.setAside);
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
  outcome: BatchOutcome,
  result: DrainResult,
): Promise<unknown> {
  const { client, config } = ctx;
  for await (const message of client.fetch(
    toUidSet(batch),
    { uid: true, source: true, internalDate: true },
    { uid: true },
  )) {
    if (!message.source) continue;
    const failure = await handOverMessage(ctx, message, message.source, outcome, result);
    if (failure !== undefined) return failure;
    // Servers answer FETCH in sequence order, which is UID order, so this only grows.
    checkpoint.lastUid = Math.max(checkpoint.lastUid, message.uid);
    await ctx.checkpoints.set(config.remote, checkpoint);
    if (ctx.stopping()) break;
  }
  return undefined;
}

/**
 * Classifies one message and hands a report to acceptMessage, recording in `outcome` how the
 * batch settles it. Returns the error when acceptMessage may succeed later.
 */
async function handOverMessage(
  ctx: DrainContext,
  message: FetchMessageObject,
  raw: Buffer,
  outcome: BatchOutcome,
  result: DrainResult,
): Promise<unknown> {
  const { config, logger } = ctx;
  if ((await classifyMessage(ctx.classify, raw, message.uid, logger)) === 'other') {
    outcome.setAside.push(message.uid);
    result.setAside++;
    logger.info(
      { event: 'imap.message.set_aside', uid: message.uid, nonBounce: config.nonBounce.action },
      'not a report: left out of the spool and set aside',
    );
    return undefined;
  }
  try {
    const accepted = await ctx.acceptMessage({
      source: 'imap',
      envelope: envelopeFromHeaders(raw, config.user, config.remote),
      raw,
      receivedAt: message.internalDate ? new Date(message.internalDate) : new Date(),
    });
    outcome.accepted.push(message.uid);
    if (accepted.duplicate) result.duplicates++;
    else result.accepted++;
    logger.debug(
      {
        event: 'imap.message.accepted',
        uid: message.uid,
        spoolId: accepted.spoolId,
        duplicate: accepted.duplicate,
      },
      'message handed over',
    );
    return undefined;
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
    outcome.refused.push(message.uid);
    result.refused++;
    logger.error(
      { event: 'imap.message.refused', uid: message.uid, code: error.code },
      'acceptMessage refused the message for good; it stays in the mailbox, marked',
    );
    return undefined;
  }
}
