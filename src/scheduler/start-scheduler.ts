/**
 * The scheduler role: runs the nightly tasks on NIGHTLY_CRON. On Redis it is a BullMQ job
 * scheduler, so several scheduler processes still run each tick once; on the embedded default
 * it is a timer in the one process.
 */
import { nextCronTime } from './cron.js';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withTimeout } from '../core/timeout.js';
import { runNightlyTasks, type NightlyTask } from './nightly-task.js';

export interface SchedulerOptions {
  cron: string;
  tasks: readonly NightlyTask[];
  logger: Logger;
  /** Production shape: BullMQ on this Redis, queue `${queueName}-nightly`. */
  redis?: { url: string; queueName: string };
}

export interface Scheduler {
  /** When the next run is due. */
  nextRunAt(): Date;
  stop(): Promise<void>;
}

export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const { logger } = options;
  const run = async (at: Date) => {
    logger.info({ event: 'scheduler.run.started', at: at.toISOString() });
    const results = await runNightlyTasks(options.tasks, at);
    for (const result of results) {
      if (result.ok)
        logger.info({ event: 'scheduler.task.done', task: result.task, ...result.summary });
      else logger.error({ event: 'scheduler.task.failed', task: result.task, err: result.error });
    }
  };
  return options.redis
    ? startBullmqScheduler(options, options.redis, run)
    : startTimerScheduler(options, run);
}

function startTimerScheduler(
  options: SchedulerOptions,
  run: (at: Date) => Promise<void>,
): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let due = nextCronTime(options.cron, new Date());
  const arm = () => {
    if (stopped) return;
    due = nextCronTime(options.cron, new Date());
    // setTimeout caps at ~24.8 days; re-arm in steps for sparse schedules.
    const delay = Math.min(Math.max(due.getTime() - Date.now(), 0), 2 ** 31 - 1);
    timer = setTimeout(() => {
      if (Date.now() + 5 < due.getTime()) return arm();
      const at = due;
      running = run(at).finally(arm);
    }, delay);
    timer.unref();
  };
  arm();
  return {
    nextRunAt: () => due,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

async function startBullmqScheduler(
  options: SchedulerOptions,
  redis: { url: string; queueName: string },
  run: (at: Date) => Promise<void>,
): Promise<Scheduler> {
  const name = `${redis.queueName}-nightly`;
  const producer = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const consumer = new Redis(redis.url, { maxRetriesPerRequest: null });
  producer.on('error', () => undefined);
  consumer.on('error', (error) =>
    options.logger.warn({ event: 'scheduler.redis.error', err: error }),
  );
  const queue = new Queue(name, { connection: producer });
  queue.on('error', () => undefined);
  await queue.upsertJobScheduler(
    'nightly',
    { pattern: options.cron, tz: 'UTC' },
    { name: 'nightly', opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  const worker = new Worker(
    name,
    async (job) => {
      // The job's own scheduled time, so a delayed run still acts "as of" its tick.
      await run(new Date(job.timestamp + (job.opts.delay ?? 0)));
    },
    { connection: consumer, concurrency: 1 },
  );
  worker.on('error', (error) =>
    options.logger.warn({ event: 'scheduler.worker.error', err: error }),
  );
  return {
    nextRunAt: () => nextCronTime(options.cron, new Date()),
    async stop() {
      await withTimeout(worker.close(), 10_000, 'scheduler close').catch(() => undefined);
      await withTimeout(queue.close(), 5_000, 'scheduler queue close').catch(() => undefined);
      producer.disconnect();
      consumer.disconnect();
    },
  };
}
