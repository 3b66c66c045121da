/**
 * Starts the real service in this process for a test, in either shape, on free loopback ports,
 * with its own embedded data folder or its own Postgres database and queue name.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { startService, type RunningService } from '../../src/service.js';
import { createDatabase } from './postgres-cluster.js';
import type { DkimResolver } from '../../src/worker/verify-feedback-source.js';

export interface TestService {
  smtpPort: number;
  httpPort: number;
  baseUrl: string;
  service: RunningService;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  shape: 'embedded' | 'redis';
  env?: Record<string, string>;
  /** Reuse a database (e.g. to restart on the same data). */
  databaseUrl?: string;
  dataDir?: string;
  /** DKIM key lookups (FBL_SOURCES) answered by the test instead of DNS. */
  dkimResolver?: DkimResolver;
}

export const TEST_RETURN_PATH_DOMAIN = 'bounces.example.test';
export const TEST_FBL_ADDRESS = 'fbl@feedback.example.test';

export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const suffix = randomBytes(4).toString('hex');
  let dataDir: string | undefined;
  const env: Record<string, string> = {
    SMTP_PORT: '0',
    HTTP_PORT: '0',
    RETURN_PATH_DOMAINS: TEST_RETURN_PATH_DOMAIN,
    FBL_ADDRESSES: TEST_FBL_ADDRESS,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOB_ATTEMPTS: '3',
  };
  if (options.shape === 'embedded') {
    dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rebound-embedded-'));
    if (!existsSync(join(dataDir, 'pglite'))) {
      cpSync(join(inject('embeddedTemplateDir'), 'pglite'), join(dataDir, 'pglite'), {
        recursive: true,
      });
    }
    env.DATA_DIR = dataDir;
  } else {
    env.DATABASE_URL =
      options.databaseUrl ??
      (await createDatabase(inject('postgresAdminUrl'), `rebound_${suffix}`));
    env.REDIS_URL = inject('redisUrl');
    env.QUEUE_NAME = `rebound-test-${suffix}`;
  }
  const config = loadConfig({ ...env, ...options.env });
  const logger = pino({ level: config.logLevel });
  const service = await startService(
    config,
    logger,
    options.dkimResolver ? { dkimResolver: options.dkimResolver } : {},
  );
  return {
    smtpPort: service.smtpPort ?? 0,
    httpPort: service.httpPort ?? 0,
    baseUrl: `http://127.0.0.1:${service.httpPort ?? 0}`,
    service,
    async stop() {
      await service.stop();
      if (dataDir && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
