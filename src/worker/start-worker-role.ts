/**
 * The worker role: the message processor fed by the queue of the configured shape, the
 * qualification counter, and the spool sweeper that re-queues whatever was stored but not
 * processed (at start, and every minute for an enqueue that was lost).
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../store/database.js';
import { listPendingMessageIds } from '../store/spool-repository.js';
import { createQualificationCounter } from '../store/qualification-counter.js';
import { startBullmqConsumer } from '../queue/bullmq-queue.js';
import type { InProcessQueue } from '../queue/in-process-queue.js';
import type { MessageQueue } from '../queue/message-queue.js';
import type { QualifierHandle } from './load-qualifier.js';
import { createMessageProcessor } from './process-message.js';
import { parseMessage } from '../parse/index.js';
import { createFeedbackSourceCheck, type DkimResolver } from './verify-feedback-source.js';

/** How often the sweeper re-enqueues spool rows whose enqueue was lost. */
const SWEEP_INTERVAL_MS = 60_000;

export interface WorkerRole {
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
  /** DKIM key lookups for FBL_SOURCES (default: the system resolver). */
  dkimResolver?: DkimResolver;
}): Promise<WorkerRole> {
  const { config, db, queue, logger } = deps;
  const counter = createQualificationCounter(db, { logger: logger.child({ stage: 'worker' }) });
  const handler = createMessageProcessor({
    db,
    counter,
    ruleSets: deps.qualifier.ruleSets,
    outageGuard: config.outageGuard,
    logger: logger.child({ stage: 'worker' }),
    parse: parseMessage,
    qualify: deps.qualifier.qualify,
    policy: config.policy,
    fblAddresses: config.fblAddresses,
    unsignedBounces: config.bounceTrust.unsignedBounces,
    ...(config.bounceTrust.fblSources.length > 0
      ? {
          checkFeedbackSource: createFeedbackSourceCheck({
            sources: config.bounceTrust.fblSources,
            ...(deps.dkimResolver ? { resolver: deps.dkimResolver } : {}),
          }),
        }
      : {}),
    parseOptions: {
      correlationHeaders: config.correlationHeaders,
      lowercaseLocalPart: config.addresses.lowercaseLocalPart,
      ...(config.verp.secret
        ? { verp: { secret: config.verp.secret, prefix: config.verp.prefix } }
        : {}),
    },
  });
  const consumer = deps.inProcess
    ? deps.inProcess.consume(handler)
    : startBullmqConsumer(
        {
          redisUrl: config.redisUrl!,
          queueName: config.queue.name,
          attempts: config.queue.attempts,
          concurrency: config.queue.concurrency,
          logger: logger.child({ stage: 'queue' }),
        },
        handler,
      );
  const sweep = async (olderThanMs: number) => {
    const ids = await listPendingMessageIds(db, {
      receivedBefore: new Date(Date.now() - olderThanMs),
    });
    for (const id of ids) await queue.enqueue(id);
    if (ids.length > 0) logger.info({ event: 'worker.spool.requeued', count: ids.length });
  };
  const sweeper = setInterval(() => {
    sweep(SWEEP_INTERVAL_MS).catch((error: Error) =>
      logger.warn({ event: 'worker.spool.sweep_failed', err: error.message }),
    );
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
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
  return { stop };
}
