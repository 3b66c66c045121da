/**
 * The embedded default's queue: the same handler fed in-process. Durability comes from the
 * spool, not from this object: pending spool rows are enqueued again at start and by the
 * sweeper, so a crash loses nothing.
 */
import type { Logger } from 'pino';
import { isAppError } from '../errors.js';
import type { MessageConsumer, MessageHandler, MessageQueue } from './message-queue.js';

export interface InProcessQueue extends MessageQueue {
  /** Starts feeding `handler`; one consumer per queue. */
  consume(handler: MessageHandler): MessageConsumer;
  /** Resolves when nothing is queued, retrying or running (tests, shutdown). */
  idle(): Promise<void>;
}

export function createInProcessQueue(options: {
  attempts: number;
  concurrency: number;
  logger: Logger;
  /** Delay before retry n (1-based); exponential from 1 s by default. */
  backoffMs?: (attempt: number) => number;
}): InProcessQueue {
  const waiting: number[] = [];
  const known = new Set<number>();
  const attempts = new Map<number, number>();
  const timers = new Set<NodeJS.Timeout>();
  let running = 0;
  // Given up on since start (this queue holds nothing across restarts; the spool does).
  let failed = 0;
  let handler: MessageHandler | undefined;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  const backoff =
    options.backoffMs ?? ((attempt: number) => Math.min(1_000 * 2 ** (attempt - 1), 60_000));

  const settleIdle = () => {
    if (waiting.length === 0 && running === 0 && timers.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const pump = () => {
    while (!closed && handler && running < options.concurrency && waiting.length > 0) {
      const spoolId = waiting.shift()!;
      running += 1;
      void runOne(handler, spoolId);
    }
    settleIdle();
  };

  const runOne = async (run: MessageHandler, spoolId: number) => {
    const attempt = (attempts.get(spoolId) ?? 0) + 1;
    attempts.set(spoolId, attempt);
    try {
      await run(spoolId, { attempt, maxAttempts: options.attempts });
      known.delete(spoolId);
      attempts.delete(spoolId);
    } catch (error) {
      const retry = attempt < options.attempts && !(isAppError(error) && !error.retryable);
      options.logger.warn({
        event: 'queue.job.failed',
        spoolId,
        attempt,
        retry,
        err: error,
      });
      if (retry && !closed) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          waiting.push(spoolId);
          pump();
        }, backoff(attempt));
        timers.add(timer);
      } else {
        failed += 1;
        known.delete(spoolId);
        attempts.delete(spoolId);
      }
    } finally {
      running -= 1;
      pump();
    }
  };

  return {
    async enqueue(spoolId) {
      if (closed || known.has(spoolId)) return;
      known.add(spoolId);
      waiting.push(spoolId);
      queueMicrotask(pump);
    },
    async enqueueMany(spoolIds) {
      for (const spoolId of spoolIds) await this.enqueue(spoolId);
    },
    requeue(spoolId) {
      return this.enqueue(spoolId);
    },
    // Nothing outlives the process here: a message not known to this queue has no job.
    async inspect(spoolId) {
      return known.has(spoolId) ? { state: 'queued' } : { state: 'missing' };
    },
    async counts() {
      return { waiting: waiting.length, active: running, delayed: timers.size, failed };
    },
    async ping() {},
    consume(next) {
      handler = next;
      pump();
      return {
        close: async () => {
          closed = true;
          for (const timer of timers) clearTimeout(timer);
          timers.clear();
          waiting.length = 0;
          while (running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        },
      };
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
