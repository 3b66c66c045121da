/**
 * The durable hand-off shared by every intake: raw bytes into the spool, spool id onto the
 * queue, then resolve. The same bytes twice are stored once; a copy still waiting (say, its
 * first enqueue failed) is enqueued again, which the queue de-duplicates by job id.
 */
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { Database } from '../store/database.js';
import { storeInboundMessage } from '../store/spool-repository.js';
import type { MessageQueue } from '../queue/message-queue.js';
import type { AcceptMessage } from './types.js';
import { messagesAccepted, messagesDuplicate } from '../metrics/index.js';

export function createAcceptMessage(deps: {
  db: Database;
  queue: MessageQueue;
  logger: Logger;
}): AcceptMessage {
  return async (message) => {
    let stored;
    try {
      // One INSERT … ON CONFLICT DO NOTHING commits on its own: no BEGIN/COMMIT round trips.
      stored = await storeInboundMessage(deps.db, message);
    } catch (error) {
      throw new AppError(
        'INTAKE_STORE_FAILED',
        `cannot store message: ${(error as Error).message}`,
        {
          retryable: true,
          cause: error,
        },
      );
    }
    if (!stored.duplicate || stored.state === 'received') await deps.queue.enqueue(stored.id);
    (stored.duplicate ? messagesDuplicate : messagesAccepted).inc({ source: message.source });
    deps.logger.info({
      event: stored.duplicate ? 'intake.message.duplicate' : 'intake.message.accepted',
      source: message.source,
      spoolId: stored.id,
      size: message.raw.length,
    });
    return { spoolId: String(stored.id), duplicate: stored.duplicate };
  };
}
