/**
 * The spool sweeper: every message still `received` after a while is checked against its job.
 * A job that is gone (lost enqueue, Redis flushed, a finished job whose row still waits) is
 * queued again under its id, the dead job removed first; a job the queue gave up on (attempts
 * spent, stalled too often) while the worker could not record it has its row marked `failed`,
 * shown to staff and retryable. So no accepted message waits forever. Pages through every
 * pending row, oldest first.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import { listPendingMessageIds, markStuckMessageFailed } from '../store/spool-repository.js';
import type { MessageQueue } from '../queue/message-queue.js';

export interface SweepCounts {
  /** Pending rows looked at. */
  scanned: number;
  /** Rows whose job was waiting or running: left alone. */
  queued: number;
  /** Rows queued again (their job was gone). */
  requeued: number;
  /** Rows marked `failed` (their job had failed). */
  failed: number;
}

const PAGE_SIZE = 500;

export async function sweepSpool(deps: {
  db: Database;
  queue: MessageQueue;
  logger: Logger;
  /** Only rows received before this are swept (a younger row's enqueue may be in flight). */
  receivedBefore: Date;
  now?: () => Date;
}): Promise<SweepCounts> {
  const now = deps.now ?? (() => new Date());
  const counts: SweepCounts = { scanned: 0, queued: 0, requeued: 0, failed: 0 };
  let afterId: number | undefined;
  for (;;) {
    const ids = await listPendingMessageIds(deps.db, {
      receivedBefore: deps.receivedBefore,
      limit: PAGE_SIZE,
      ...(afterId === undefined ? {} : { afterId }),
    });
    if (ids.length === 0) break;
    afterId = ids[ids.length - 1];
    counts.scanned += ids.length;
    await Promise.all(ids.map((id) => sweepOne(deps, id, counts, now)));
    if (ids.length < PAGE_SIZE) break;
  }
  return counts;
}

async function sweepOne(
  deps: { db: Database; queue: MessageQueue; logger: Logger },
  spoolId: number,
  counts: SweepCounts,
  now: () => Date,
): Promise<void> {
  const status = await deps.queue.inspect(spoolId);
  if (status.state === 'queued') {
    counts.queued += 1;
  } else if (status.state === 'missing') {
    await deps.queue.requeue(spoolId);
    counts.requeued += 1;
    deps.logger.info({ event: 'worker.spool.requeued', spoolId });
  } else if (await markStuckMessageFailed(deps.db, spoolId, `queue: ${status.reason}`, now())) {
    counts.failed += 1;
    deps.logger.warn({ event: 'worker.spool.marked_failed', spoolId, reason: status.reason });
  }
}
