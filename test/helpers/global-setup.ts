/**
 * Integration tests' global setup: one Redis and one PostgreSQL 15 cluster for the run, on free
 * loopback ports. Tests get their URLs with `inject('redisUrl')` / `inject('postgresAdminUrl')`
 * and create their own database and queue names, so files never share state.
 */
import type { TestProject } from 'vitest/node';
import { startRedis } from './redis-server.js';
import { startPostgresCluster } from './postgres-cluster.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/store/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    postgresAdminUrl: string;
    /** A migrated embedded data folder to copy: creating PGlite's takes seconds, copying ms. */
    embeddedTemplateDir: string;
  }
}

export default async function setup(project: TestProject) {
  const templateDir = mkdtempSync(join(tmpdir(), 'rebound-template-'));
  const [redis, postgres, template] = await Promise.all([
    startRedis(),
    startPostgresCluster(),
    openPglite(templateDir),
  ]);
  await template.close();
  project.provide('redisUrl', redis.url);
  project.provide('postgresAdminUrl', postgres.adminUrl);
  project.provide('embeddedTemplateDir', templateDir);
  return async () => {
    await Promise.all([redis.stop(), postgres.destroy()]);
    rmSync(templateDir, { recursive: true, force: true });
  };
}
