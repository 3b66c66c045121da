/**
 * The durable hand-off shared by every intake: raw bytes into the spool, spool id onto the
 * queue, then resolve. The same bytes twice are stored once; a copy still waiting (say, its
 * first enqueue failed) is enqueued again, which the queue de-duplicates by job id.
 * Messages that arrive together are stored in one INSERT and queued in one call (group
 * commit); each caller still resolves only after the commit that holds its row.
 */
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { MessageQueue } from '../queue/message-queue.js';
import { createGroupCommit } from '../core/group-commit.js';
import type { AcceptMessage, AcceptResult, InboundMessage, Spool } from './types.js';
import { messagesAccepted, messagesDuplicate } from '../metrics/index.js';

export interface GroupCommitLimits {
  maxMessages: number;
  maxBytes: number;
  windowMs: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitLimits = {
  maxMessages: 64,
  maxBytes: 16 * 1024 * 1024,
  windowMs: 0,
};

export function createAcceptMessage(deps: {
  spool: Spool;
  queue: MessageQueue;
  logger: Logger;
  groupCommit?: GroupCommitLimits;
}): AcceptMessage {
  const limits = deps.groupCommit ?? DEFAULT_GROUP_COMMIT;
  return createGroupCommit<InboundMessage, AcceptResult>({
    maxItems: limits.maxMessages,
    maxBytes: limits.maxBytes,
    windowMs: limits.windowMs,
    sizeOf: (message) => message.raw.length,
    flush: async (messages) => {
      let stored;
      try {
        stored = await deps.spool.store(messages);
      } catch (error) {
        throw new AppError(
          'INTAKE_STORE_FAILED',
          `cannot store message${messages.length === 1 ? '' : 's'}: ${(error as Error).message}`,
          { retryable: true, cause: error },
        );
      }
      const toQueue = [
        ...new Set(
          stored.filter((row) => !row.duplicate || row.state === 'received').map((row) => row.id),
        ),
      ];
      await deps.queue.enqueueMany(toQueue);
      return stored.map((row, i) => {
        (row.duplicate ? messagesDuplicate : messagesAccepted).inc({ source: messages[i]!.source });
        deps.logger.info({
          event: row.duplicate ? 'intake.message.duplicate' : 'intake.message.accepted',
          source: messages[i]!.source,
          spoolId: row.id,
          size: messages[i]!.raw.length,
          batch: messages.length,
        });
        return { spoolId: String(row.id), duplicate: row.duplicate };
      });
    },
  });
}
