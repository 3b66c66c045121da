/**
 * BullMQ on Redis. Following BullMQ's production guide: the producer's connection fails fast
 * (no offline queue) so SMTP can answer 451 at once; the worker's connection retries forever
 * (maxRetriesPerRequest: null) so a Redis restart pauses work instead of killing it.
 */
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors.js';
import { withTimeout } from '../core/timeout.js';
import {
  jobIdFor,
  type MessageConsumer,
  type MessageHandler,
  type MessageJob,
  type MessageQueue,
} from './message-queue.js';

/**
 * Stalled-job settings. A worker renews its lock every lockDuration/2; a job whose lock lapsed
 * (its worker crashed or was killed) is moved back to waiting by the next stalled check of any
 * live worker. BullMQ's defaults (30 s lock, 30 s check) left jobs of a crashed worker waiting
 * 56–86 s; 10 s + 5 s bounds it to about 15 s. The lock cannot lapse on a busy event loop:
 * parsing runs off it, and a 10 s stall of the loop would be a bug of its own.
 */
export const STALLED_SETTINGS = {
  lockDuration: 10_000,
  stalledInterval: 5_000,
  /**
   * One stall is forgiven; a message whose worker died twice while holding it ends `failed`
   * ("job stalled more than allowable limit") and the sweeper marks its spool row `failed` for
   * staff, rather than letting a message that kills workers take down every one in turn.
   */
  maxStalledCount: 1,
} as const;

export interface BullmqOptions {
  redisUrl: string;
  queueName: string;
  attempts: number;
}

export function createBullmqQueue(options: BullmqOptions): MessageQueue {
  const connection = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: false,
  });
  connection.on('error', () => {
    // Reported through enqueue() failures and /readyz; ioredis reconnects by itself.
  });
  const queue = new Queue<MessageJob>(options.queueName, { connection });
  // Without a listener BullMQ prints connection errors; they surface through enqueue() instead.
  queue.on('error', () => undefined);
  const jobOf = (spoolId: number, lifo: boolean) => ({
    name: 'message',
    data: { spoolId },
    opts: {
      jobId: jobIdFor(spoolId),
      attempts: options.attempts,
      backoff: { type: 'exponential' as const, delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: false,
      lifo,
    },
  });
  const add = async (spoolIds: readonly number[], lifo: boolean) => {
    try {
      if (spoolIds.length === 1) {
        const job = jobOf(spoolIds[0]!, lifo);
        await queue.add(job.name, job.data, job.opts);
      } else await queue.addBulk(spoolIds.map((id) => jobOf(id, lifo)));
    } catch (error) {
      throw new AppError(
        'QUEUE_UNAVAILABLE',
        `cannot enqueue message${spoolIds.length === 1 ? '' : 's'} ${spoolIds.join(', ')}: ${(error as Error).message}`,
        {
          retryable: true,
          cause: error,
        },
      );
    }
  };
  const queueApi: MessageQueue = {
    async enqueue(spoolId) {
      await add([spoolId], false);
    },
    async enqueueMany(spoolIds) {
      if (spoolIds.length > 0) await add(spoolIds, false);
    },
    async requeue(spoolId) {
      // The finished job keeps its id for a day (removeOnComplete); drop it so the id is free.
      // A message queued again has waited already: it goes to the front (lifo).
      await queue.remove(jobIdFor(spoolId)).catch(() => 0);
      await add([spoolId], true);
    },
    async inspect(spoolId) {
      const jobId = jobIdFor(spoolId);
      const state = await queue.getJobState(jobId);
      if (state === 'failed') {
        const job = await Job.fromId(queue, jobId);
        return { state: 'failed', reason: job?.failedReason || 'job failed' };
      }
      // A completed job with a spool row still `received` did not store its result: run again.
      if (state === 'unknown' || state === 'completed') return { state: 'missing' };
      return { state: 'queued' };
    },
    async counts() {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
      };
    },
    async ping() {
      await connection.ping();
    },
    async close() {
      await withTimeout(queue.close(), 5_000, 'queue close').catch(() => undefined);
      connection.disconnect();
    },
  };
  return queueApi;
}

export function startBullmqConsumer(
  options: BullmqOptions & {
    concurrency: number;
    logger: Logger;
    /** Called when the connection is back after a loss: a restarted Redis may have lost jobs. */
    onReconnect?: () => void;
  },
  handler: MessageHandler,
): MessageConsumer {
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  let readyBefore = false;
  connection.on('ready', () => {
    if (readyBefore) {
      options.logger.info({ event: 'queue.redis.reconnected' });
      options.onReconnect?.();
    }
    readyBefore = true;
  });
  connection.on('error', (error) =>
    options.logger.warn({ event: 'queue.redis.error', err: error }),
  );
  const worker = new Worker<MessageJob>(
    options.queueName,
    async (job) => {
      try {
        await handler(job.data.spoolId, {
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? options.attempts,
        });
      } catch (error) {
        if (isAppError(error) && !error.retryable) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    { connection, concurrency: options.concurrency, ...STALLED_SETTINGS },
  );
  worker.on('error', (error) => options.logger.warn({ event: 'queue.worker.error', err: error }));
  return {
    async close() {
      // With Redis down a graceful close never finishes; give running jobs a bounded time.
      await withTimeout(worker.close(), 10_000, 'worker close').catch(() =>
        withTimeout(worker.close(true), 2_000, 'worker force close').catch(() => undefined),
      );
      connection.disconnect();
    },
  };
}
