/**
 * The composition root: opens storage and the queue for the configured shape, then starts the
 * requested roles. `stop()` drains in order — intake first (no new mail), then the workers
 * (finish what runs), then the API, the queue and the database.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openPglite, openPostgres, type DatabaseHandle } from './store/database.js';
import { listPendingMessageIds } from './store/spool-repository.js';
import { createBullmqQueue, startBullmqConsumer } from './queue/bullmq-queue.js';
import { createInProcessQueue, type InProcessQueue } from './queue/in-process-queue.js';
import type { MessageConsumer, MessageQueue } from './queue/message-queue.js';
import { createAcceptMessage } from './intake/accept-message.js';
import { startSmtpIntake } from './intake/smtp/smtp-intake.js';
import { startHttpServer } from './api/server.js';
import { createMessageProcessor } from './worker/process-message.js';
import { parseMessage } from './parse/index.js';
import { startRules, loadShippedRuleSets } from './qualify-store/start-rules.js';
import type { LiveRules } from './qualify-store/live-rules.js';
import { createRuleSyncTask } from './qualify-store/rule-sync-task.js';
import { startScheduler, type NightlyTask } from './scheduler/index.js';
import type { AcceptMessage } from './intake/types.js';
import { parseImapUrl, startImapPoller, type ImapMessageClass } from './intake/imap/index.js';
import { createDbCheckpointStore } from './store/imap-checkpoint-repository.js';
import {
  createQualificationCounter,
  type QualificationCounter,
} from './store/qualification-counter.js';
import { runCleanup } from './maintenance/run-cleanup.js';
import { startWebhookDispatcher } from './outbox/webhook-dispatcher.js';

export interface RunningService {
  config: Readonly<Config>;
  database: DatabaseHandle;
  queue: MessageQueue;
  acceptMessage: AcceptMessage;
  smtpPort?: number;
  httpPort?: number;
  /** Embedded shape only: resolves when the in-process queue is empty. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * What the IMAP poller hands over from a drained mailbox: anything the parser recognises
 * (bounce, complaint, auto-reply, delivery report, unsubscribe) is a report. Mail that no
 * reader recognised is a person's, set aside per the URL's `nonBounce`. A message a reader
 * recognised but could not take a recipient from (kind `unknown` with a `parser`) is still a
 * report: it is stored and shown to staff rather than left behind.
 */
async function classifyMailboxMessage(raw: Buffer): Promise<ImapMessageClass> {
  const parsed = await parseMessage(raw);
  return parsed.kind === 'unknown' && parsed.parser === undefined ? 'other' : 'report';
}

/** How often the worker role re-enqueues spool rows whose enqueue was lost. */
const SWEEP_INTERVAL_MS = 60_000;

export async function startService(
  config: Readonly<Config>,
  logger: Logger,
): Promise<RunningService> {
  const roles = new Set(config.roles);
  const database =
    config.shape === 'production' && config.databaseUrl
      ? await openPostgres(config.databaseUrl, { maxConnections: config.queue.concurrency + 4 })
      : await openPglite(config.dataDir);
  const inProcess: InProcessQueue | undefined =
    config.shape === 'embedded'
      ? createInProcessQueue({
          attempts: config.queue.attempts,
          // PGlite is one connection: running messages one at a time avoids lock waits.
          concurrency: 1,
          logger: logger.child({ stage: 'queue' }),
        })
      : undefined;
  const queue: MessageQueue =
    inProcess ??
    createBullmqQueue({
      redisUrl: config.redisUrl!,
      queueName: config.queue.name,
      attempts: config.queue.attempts,
    });
  const acceptMessage = createAcceptMessage({
    db: database.db,
    queue,
    logger: logger.child({ stage: 'intake' }),
  });

  const stops: Array<() => Promise<void>> = [];
  let consumer: MessageConsumer | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let smtpPort: number | undefined;
  let httpPort: number | undefined;
  let stopApi: (() => Promise<void>) | undefined;
  let liveRules: LiveRules | undefined;
  let counter: QualificationCounter | undefined;

  try {
    // The API qualifies failed sender events (POST /api/events) with the worker's rules.
    // Shipped rules are synced into the rules table; staff rules join them; changes made by
    // other processes are picked up within a poll.
    liveRules =
      roles.has('worker') || roles.has('api')
        ? await startRules(database.db, config, logger.child({ stage: 'rules' }))
        : undefined;
    const qualifier = liveRules?.handle;
    if (roles.has('worker') && qualifier) {
      counter = createQualificationCounter(database.db, {
        logger: logger.child({ stage: 'worker' }),
      });
      const handler = createMessageProcessor({
        db: database.db,
        counter,
        ruleSets: qualifier.ruleSets,
        outageGuard: config.outageGuard,
        logger: logger.child({ stage: 'worker' }),
        parse: parseMessage,
        qualify: qualifier.qualify,
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
      consumer = inProcess
        ? inProcess.consume(handler)
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
      // Restart recovery: whatever was stored but not processed goes back on the queue.
      const sweep = async (olderThanMs: number) => {
        const ids = await listPendingMessageIds(database.db, {
          receivedBefore: new Date(Date.now() - olderThanMs),
        });
        for (const id of ids) await queue.enqueue(id);
        if (ids.length > 0) logger.info({ event: 'worker.spool.requeued', count: ids.length });
      };
      await sweep(0);
      sweeper = setInterval(() => {
        sweep(SWEEP_INTERVAL_MS).catch((error: Error) =>
          logger.warn({ event: 'worker.spool.sweep_failed', err: error.message }),
        );
      }, SWEEP_INTERVAL_MS);
      sweeper.unref();
    }
    if (roles.has('smtp')) {
      const smtp = await startSmtpIntake({
        host: config.smtp.host,
        port: config.smtp.port,
        maxMessageBytes: config.smtp.maxMessageBytes,
        returnPathDomains: config.returnPathDomains,
        fblAddresses: config.fblAddresses,
        acceptMessage,
        logger: logger.child({ stage: 'smtp' }),
      });
      smtpPort = smtp.port;
      stops.push(smtp.close);
    }
    if (roles.has('imap') && config.imapUrls.length > 0) {
      const poller = startImapPoller({
        mailboxes: config.imapUrls.map(parseImapUrl),
        acceptMessage,
        classify: classifyMailboxMessage,
        logger: logger.child({ stage: 'imap' }),
        checkpoints: createDbCheckpointStore(database.db),
      });
      stops.push(poller.stop);
    }
    if (roles.has('api') && qualifier) {
      const { app, port } = await startHttpServer(
        {
          host: config.http.host,
          port: config.http.port,
          logger,
          ...(config.http.apiToken ? { apiToken: config.http.apiToken } : {}),
        },
        {
          db: database.db,
          emailNormalization: { lowercaseLocalPart: config.addresses.lowercaseLocalPart },
          readiness: { database: database.ping, queue: queue.ping },
          acceptMessage,
          outageGuard: config.outageGuard,
          qualify: qualifier.qualify,
          policy: config.policy,
          ...(liveRules
            ? {
                rules: {
                  db: database.db,
                  live: liveRules,
                  policy: config.policy,
                  logger: logger.child({ stage: 'rules' }),
                },
              }
            : {}),
        },
      );
      httpPort = port;
      stopApi = () => app.close();
    }
    if (roles.has('scheduler')) {
      const fallback = liveRules?.fallback ?? (await loadShippedRuleSets(config, logger));
      const rulesLogger = logger.child({ stage: 'rules' });
      // One entry per nightly task, run in this order.
      const nightlyTasks: NightlyTask[] = [
        createRuleSyncTask({
          db: database.db,
          policy: config.policy,
          fallback,
          logger: rulesLogger,
          rulesDir: config.rulesDir,
          ...(config.rulesSourceUrl ? { rulesSourceUrl: config.rulesSourceUrl } : {}),
          ...(liveRules ? { onChanged: liveRules.refresh } : {}),
        }),
        {
          name: 'cleanup',
          run: async (now) => {
            const { dryRun: _dryRun, ...counts } = await runCleanup(database.db, now, config);
            return counts as Record<string, unknown>;
          },
        },
      ];
      const scheduler = await startScheduler({
        cron: config.nightlyCron,
        tasks: nightlyTasks,
        logger: logger.child({ stage: 'scheduler' }),
        ...(config.shape === 'production' && config.redisUrl
          ? { redis: { url: config.redisUrl, queueName: config.queue.name } }
          : {}),
      });
      stops.push(scheduler.stop);
      if (config.webhook.url) {
        const dispatcher = await startWebhookDispatcher(database.db, {
          url: config.webhook.url,
          ...(config.webhook.secret ? { secret: config.webhook.secret } : {}),
          logger: logger.child({ stage: 'webhook' }),
        });
        stops.push(dispatcher.stop);
      }
    }
  } catch (error) {
    liveRules?.stop();
    if (sweeper) clearInterval(sweeper);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await stopApi?.().catch(() => undefined);
    await consumer?.close().catch(() => undefined);
    await counter?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const service: RunningService = {
    config,
    database,
    queue,
    acceptMessage,
    idle: () => inProcess?.idle() ?? Promise.resolve(),
    stop() {
      stopping ??= (async () => {
        logger.info({ event: 'service.stopping' });
        if (sweeper) clearInterval(sweeper);
        liveRules?.stop();
        for (const stop of stops)
          await stop().catch((error: Error) =>
            logger.warn({ event: 'service.stop_failed', err: error.message }),
          );
        await consumer?.close();
        await counter?.close();
        await stopApi?.();
        await queue.close();
        await database.close();
        logger.info({ event: 'service.stopped' });
      })();
      return stopping;
    },
  };
  if (smtpPort !== undefined) service.smtpPort = smtpPort;
  if (httpPort !== undefined) service.httpPort = httpPort;
  return service;
}
