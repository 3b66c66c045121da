/**
 * The composition root: opens storage and the queue for the configured shape, then starts the
 * requested roles. `stop()` drains in order — intake first (no new mail), then the workers
 * (finish what runs), then the API, the queue and the database.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createBullmqQueue } from './queue/bullmq-queue.js';
import type { MessageQueue } from './queue/message-queue.js';
import { startRules } from './rule-sets/start-rules.js';
import { startWorkerRole, type WorkerRole } from './worker/start-worker-role.js';
import { startSchedulerRole } from './scheduler/start-scheduler-role.js';
import { openPglite, openPostgres, type DatabaseHandle } from './store/database.js';
import { storeInboundMessages } from './store/spool-repository.js';
import { waitUntilReady } from './core/wait-until-ready.js';
import { createInProcessQueue, type InProcessQueue } from './queue/in-process-queue.js';
import { createAcceptMessage } from './intake/accept-message.js';
import { startSmtpIntake } from './intake/smtp/smtp-intake.js';
import { startHttpServer } from './api/server.js';
import { startMetricsServer } from './api/metrics-server.js';
import type { LiveRules } from './rule-sets/live-rules.js';
import type { AcceptMessage } from './intake/types.js';
import { parseImapUrl, startImapPoller } from './intake/imap/index.js';
import { createMailboxClassifier } from './worker/classify-mailbox-message.js';
import { createParsePool, type ParsePool } from './parse-pool/index.js';
import { createDbCheckpointStore } from './store/imap-checkpoint-repository.js';
import { createSpoolReadinessCheck } from './worker/spool-readiness.js';
import type { DkimResolver } from './worker/verify-feedback-source.js';
import { createDomainHealthChecker } from './domain-health/check-domain-health.js';

export interface RunningService {
  config: Readonly<Config>;
  database: DatabaseHandle;
  queue: MessageQueue;
  acceptMessage: AcceptMessage;
  smtpPort?: number;
  /** The implicit-TLS SMTP listener's port (SMTPS_PORT). */
  smtpsPort?: number;
  httpPort?: number;
  /** The /metrics-only listener's port (METRICS_PORT, processes without the api role). */
  metricsPort?: number;
  /** Reads SMTP_TLS_CERT / SMTP_TLS_KEY again (SIGHUP); false when they did not load. */
  reloadTls(): boolean;
  /** The worker role, when this process runs it. */
  worker?: WorkerRole;
  /** Embedded shape only: resolves when the in-process queue is empty. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** What a caller may put in place of the outside world (tests: a DNS of their own). */
export interface ServiceSeams {
  dkimResolver?: DkimResolver;
}

export async function startService(
  config: Readonly<Config>,
  logger: Logger,
  seams: ServiceSeams = {},
): Promise<RunningService> {
  const roles = new Set(config.roles);
  const database =
    config.shape === 'production' && config.databaseUrl
      ? await waitUntilReady(
          () =>
            openPostgres(config.databaseUrl!, {
              // The worker stores one batch at a time; the API, intake and sweeper share the rest.
              maxConnections: 10,
              // A server restart drops connections; the pool replaces them. Said once per client.
              onError: (error) => logger.warn({ event: 'store.connection.error', err: error }),
            }),
          { what: 'database', logger, deadlineMs: config.startupWaitSeconds * 1000 },
        )
      : await openPglite(config.dataDir);
  const inProcess: InProcessQueue | undefined =
    config.shape === 'embedded'
      ? createInProcessQueue({
          attempts: config.queue.attempts,
          // Jobs wait together for the worker's next batch (PGlite runs one at a time anyway).
          concurrency: config.queue.concurrency,
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
  if (!inProcess)
    await waitUntilReady(() => queue.ping(), {
      what: 'redis',
      logger,
      deadlineMs: config.startupWaitSeconds * 1000,
    });
  const acceptMessage = createAcceptMessage({
    spool: { store: (messages) => storeInboundMessages(database.db, messages) },
    groupCommit: config.intake.groupCommit,
    queue,
    logger: logger.child({ stage: 'intake' }),
  });

  const stops: Array<() => Promise<void>> = [];
  let worker: WorkerRole | undefined;
  let smtpPort: number | undefined;
  let smtpsPort: number | undefined;
  let reloadTls = () => false;
  let httpPort: number | undefined;
  let metricsPort: number | undefined;
  let stopApi: (() => Promise<void>) | undefined;
  let liveRules: LiveRules | undefined;
  // Parsing runs in worker threads under a budget, so a hostile message holds no role up.
  const imapOn = roles.has('imap') && config.imapUrls.length > 0;
  const parsePool: ParsePool | undefined =
    roles.has('worker') || imapOn
      ? createParsePool({
          size: config.parse.threads,
          budgetMs: config.parse.budgetMs,
          logger: logger.child({ stage: 'parse' }),
        })
      : undefined;

  try {
    // The API qualifies failed sender events (POST /api/events) with the worker's rules.
    // Shipped rules are synced into the rules table; staff rules join them; changes made by
    // other processes are picked up within a poll.
    liveRules =
      roles.has('worker') || roles.has('api')
        ? await startRules(database.db, config, logger.child({ stage: 'rules' }))
        : undefined;
    if (roles.has('worker') && liveRules) {
      worker = await startWorkerRole({
        config,
        db: database.db,
        queue,
        ...(inProcess ? { inProcess } : {}),
        qualifier: liveRules.handle,
        logger,
        ...(parsePool ? { parse: parsePool.parse } : {}),
        ...(seams.dkimResolver ? { dkimResolver: seams.dkimResolver } : {}),
      });
    }
    if (roles.has('smtp')) {
      const smtp = await startSmtpIntake({
        host: config.smtp.host,
        port: config.smtp.port,
        maxMessageBytes: config.smtp.maxMessageBytes,
        allowedClients: config.smtp.allowedClients,
        limits: config.smtp.limits,
        ...(config.smtp.tls ? { tls: config.smtp.tls } : {}),
        ...(config.smtp.securePort !== undefined ? { securePort: config.smtp.securePort } : {}),
        returnPathDomains: config.returnPathDomains,
        fblAddresses: config.fblAddresses,
        acceptMessage,
        logger: logger.child({ stage: 'smtp' }),
      });
      smtpPort = smtp.port;
      smtpsPort = smtp.securePort;
      reloadTls = smtp.reloadTls;
      stops.push(smtp.close);
    }
    if (imapOn && parsePool) {
      const poller = startImapPoller({
        mailboxes: config.imapUrls.map(parseImapUrl),
        acceptMessage,
        classify: createMailboxClassifier((raw) => parsePool.parse(raw)),
        logger: logger.child({ stage: 'imap' }),
        checkpoints: createDbCheckpointStore(database.db),
      });
      stops.push(poller.stop);
    }
    if (roles.has('api') && liveRules) {
      const { app, port } = await startHttpServer(
        {
          host: config.http.host,
          port: config.http.port,
          logger,
          tokens: config.http.tokens,
        },
        {
          db: database.db,
          emailNormalization: { lowercaseLocalPart: config.addresses.lowercaseLocalPart },
          readiness: {
            database: database.ping,
            queue: queue.ping,
            spool: createSpoolReadinessCheck(database.db, config.readiness),
            ...(worker ? { worker: worker.health.check } : {}),
          },
          acceptMessage,
          esp: config.esp,
          requeue: (spoolId) => queue.requeue(spoolId),
          queueCounts: () => queue.counts(),
          outageGuard: config.outageGuard,
          domainHealth: createDomainHealthChecker({
            db: database.db,
            defaults: config.domainHealth,
            logger: logger.child({ stage: 'api' }),
          }),
          domainHealthDefaults: config.domainHealth,
          unsubscribe: {
            ...(config.verp.secret ? { secret: config.verp.secret } : {}),
            ratePerMinute: config.unsubscribe.ratePerMinute,
          },
          qualify: liveRules.handle.qualify,
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
    } else if (config.http.metricsPort !== undefined) {
      const { app, port } = await startMetricsServer({
        host: config.http.host,
        port: config.http.metricsPort,
        tokens: config.http.tokens,
        logger,
      });
      metricsPort = port;
      stopApi = () => app.close();
    }
    if (roles.has('scheduler')) {
      stops.push(
        await startSchedulerRole({
          config,
          db: database.db,
          ...(liveRules ? { liveRules } : {}),
          logger,
        }),
      );
    }
  } catch (error) {
    liveRules?.stop();
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await stopApi?.().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await parsePool?.close().catch(() => undefined);
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
    reloadTls: () => reloadTls(),
    idle: () => inProcess?.idle() ?? Promise.resolve(),
    stop() {
      stopping ??= (async () => {
        logger.info({ event: 'service.stopping' });
        liveRules?.stop();
        for (const stop of stops)
          await stop().catch((error: Error) =>
            logger.warn({ event: 'service.stop_failed', err: error }),
          );
        await worker?.stop();
        await parsePool?.close();
        await stopApi?.();
        await queue.close();
        await database.close();
        logger.info({ event: 'service.stopped' });
      })();
      return stopping;
    },
  };
  if (smtpPort !== undefined) service.smtpPort = smtpPort;
  if (smtpsPort !== undefined) service.smtpsPort = smtpsPort;
  if (httpPort !== undefined) service.httpPort = httpPort;
  if (metricsPort !== undefined) service.metricsPort = metricsPort;
  if (worker) service.worker = worker;
  return service;
}
