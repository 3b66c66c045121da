/**
 * The worker role: the message processor fed by the queue of the configured shape, the
 * qualification counter, and the spool sweeper (src/worker/sweep-spool.ts) that brings every
 * stored but unfinished message to the queue or to `failed` — at start, then every
 * SPOOL_SWEEP_INTERVAL_SECONDS.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../store/database.js';
import { createQualificationCounter } from '../store/qualification-counter.js';
import { startBullmqConsumer } from '../queue/bullmq-queue.js';
import type { InProcessQueue } from '../queue/in-process-queue.js';
import type { MessageQueue } from '../queue/message-queue.js';
import type { QualifierHandle } from '../rule-sets/load-qualifier.js';
import { createMessageProcessor, type WorkerDeps } from './process-batch.js';
import { createDomainHealthChecker } from '../domain-health/check-domain-health.js';
import { parseMessage } from '../parse/index.js';
import { sweepSpool, type SweepCounts } from './sweep-spool.js';
import { createWorkerHealth, type WorkerHealth } from './worker-health.js';
import { createFeedbackSourceCheck, type DkimResolver } from './verify-feedback-source.js';

export interface WorkerRole {
  /** Consecutive failures, for /readyz. */
  health: WorkerHealth;
  /** What the sweeper did since start, summed over sweeps. */
  sweepTotals(): Readonly<SweepCounts & { sweeps: number }>;
  /** Stops taking jobs, lets running ones finish, flushes the counts. */
  stop(): Promise<void>;
}

export async function startWorkerRole(deps: {
  config: Readonly<Config>;
  db: Database;
  queue: MessageQueue;
  /** The embedded shape's queue; absent on Redis. */
  inProcess?: InProcessQueue;
  qualifier: QualifierHandle;
  logger: Logger;
  /** The parse thread pool's parse (in-process parseMessage when absent). */
  parse?: WorkerDeps['parse'];
  /** DKIM key lookups for FBL_SOURCES (default: the system resolver). */
  dkimResolver?: DkimResolver;
}): Promise<WorkerRole> {
  const { config, db, queue, logger } = deps;
  const counter = createQualificationCounter(db, { logger: logger.child({ stage: 'worker' }) });
  const health = createWorkerHealth({
    maxConsecutiveFailures: config.readiness.maxConsecutiveFailures,
  });
  const handler = createMessageProcessor({
    db,
    counter,
    ruleSets: deps.qualifier.ruleSets,
    outageGuard: config.outageGuard,
    domainHealth: createDomainHealthChecker({
      db,
      defaults: config.domainHealth,
      logger: logger.child({ stage: 'worker' }),
    }),
    logger: logger.child({ stage: 'worker' }),
    parse: deps.parse ?? parseMessage,
    health,
    batch: config.worker.batch,
    qualify: deps.qualifier.qualify,
    unsignedBounces: config.bounceTrust.unsignedBounces,
    ...(config.bounceTrust.fblSources.length > 0
      ? {
          checkFeedbackSource: createFeedbackSourceCheck({
            sources: config.bounceTrust.fblSources,
            ...(deps.dkimResolver ? { resolver: deps.dkimResolver } : {}),
          }),
        }
      : {}),
    policy: config.policy,
    fblAddresses: config.fblAddresses,
    parseOptions: {
      correlationHeaders: config.correlationHeaders,
      lowercaseLocalPart: config.addresses.lowercaseLocalPart,
      ...(config.verp.secret
        ? { verp: { secret: config.verp.secret, prefix: config.verp.prefix } }
        : {}),
    },
  });
  let reconnectSweep: ((tries?: number) => void) | undefined;
  const consumer = deps.inProcess
    ? deps.inProcess.consume(handler)
    : startBullmqConsumer(
        {
          redisUrl: config.redisUrl!,
          queueName: config.queue.name,
          attempts: config.queue.attempts,
          concurrency: config.queue.concurrency,
          logger: logger.child({ stage: 'queue' }),
          // Redis came back, perhaps empty: sweep everything received until now at once
          // rather than waiting for the rows to age past the interval.
          onReconnect: () => {
            reconnectSweep?.();
          },
        },
        handler,
      );
  const totals = { sweeps: 0, scanned: 0, queued: 0, requeued: 0, failed: 0 };
  const intervalMs = config.spoolSweepIntervalSeconds * 1000;
  let sweeping = false;
  const sweep = async (olderThanMs: number) => {
    if (sweeping) return;
    sweeping = true;
    try {
      const started = Date.now();
      const counts = await sweepSpool({
        db,
        queue,
        logger: logger.child({ stage: 'worker' }),
        receivedBefore: new Date(started - olderThanMs),
      });
      totals.sweeps += 1;
      totals.scanned += counts.scanned;
      totals.queued += counts.queued;
      totals.requeued += counts.requeued;
      totals.failed += counts.failed;
      const acted = counts.requeued + counts.failed > 0;
      logger[acted ? 'info' : 'debug']({
        event: 'worker.spool.swept',
        ...counts,
        ms: Date.now() - started,
      });
    } finally {
      sweeping = false;
    }
  };
  const sweeper = setInterval(() => {
    sweep(intervalMs).catch((error: Error) =>
      logger.warn({ event: 'worker.spool.sweep_failed', err: error }),
    );
  }, intervalMs);
  sweeper.unref();
  // The producer's connection may come back a moment after the worker's: a few tries.
  reconnectSweep = (tries = 5) => {
    sweep(0).catch((error: Error) => {
      logger.warn({ event: 'worker.spool.sweep_failed', err: error });
      if (tries > 1) setTimeout(() => reconnectSweep?.(tries - 1), 2_000).unref();
    });
  };
  const stop = async () => {
    clearInterval(sweeper);
    await consumer.close();
    await counter.close();
  };
  try {
    // Restart recovery: whatever was stored but not processed goes back on the queue.
    await sweep(0);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { health, sweepTotals: () => ({ ...totals }), stop };
}
