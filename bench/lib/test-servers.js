// The benchmarks' throw-away PostgreSQL and Redis are the test helpers' own (test/helpers/,
// loaded through tsx): one copy of how a server is started, on 127.0.0.1 only.
import { register } from 'tsx/esm/api';

register();
const { startPostgresCluster } = await import('../../test/helpers/postgres-cluster.ts');
const redisHelper = await import('../../test/helpers/redis-server.ts');

/** A fresh cluster; `url` is its `postgres` database. */
export async function startPostgres({ sharedBuffers = '256MB' } = {}) {
  const cluster = await startPostgresCluster({ sharedBuffers });
  return { url: cluster.adminUrl, cluster, stop: () => cluster.destroy() };
}

export async function startRedis() {
  return redisHelper.startRedis();
}
