/**
 * Integration tests' global setup: one Redis and one PostgreSQL 15 cluster for the run, on free
 * loopback ports. Tests get their URLs with `inject('redisUrl')` / `inject('postgresAdminUrl')`
 * and create their own database and queue names, so files never share state.
 */
import type { TestProject } from 'vitest/node';
import { startRedis } from './redis-server.js';
import { startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const [redis, postgres] = await Promise.all([startRedis(), startPostgresCluster()]);
  project.provide('redisUrl', redis.url);
  project.provide('postgresAdminUrl', postgres.adminUrl);
  return async () => {
    await Promise.all([redis.stop(), postgres.destroy()]);
  };
}
