/**
 * Start-up waits for its dependencies (compose starts them together; a host reboot brings
 * Redis up after Rebound): the process logs each attempt, starts once they answer, and gives
 * up with exit 1 after STARTUP_WAIT_SECONDS instead of crashing at once or waiting forever.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { freePort } from '../helpers/free-port.js';
import { startRedis } from '../helpers/redis-server.js';
import { startServiceProcess } from '../helpers/service-process.js';
import { waitFor } from '../helpers/wait-for.js';

describe('start-up with dependencies not answering yet', { timeout: 180_000 }, () => {
  it('waits for Redis with back-off, logging each attempt, and starts once it answers', async () => {
    const suffix = randomBytes(4).toString('hex');
    const databaseUrl = await createDatabase(inject('postgresAdminUrl'), `rebound_wait_${suffix}`);
    const redisPort = await freePort();
    const proc = startServiceProcess('api', {
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      HTTP_PORT: String(await freePort()),
      STARTUP_WAIT_SECONDS: '120',
    });
    try {
      await waitFor(() => proc.count('service.dependency.waiting') >= 2, {
        what: 'two logged attempts on Redis',
        timeoutMs: 90_000,
      });
      const waiting = proc.lines.filter((l) => l.event === 'service.dependency.waiting');
      expect(waiting[0]).toMatchObject({ what: 'redis', attempt: 1 });
      expect(Number(waiting[1]!.retryInMs)).toBeGreaterThan(Number(waiting[0]!.retryInMs));
      expect(proc.count('service.started')).toBe(0);
      const redis = await startRedis({ port: redisPort });
      try {
        await proc.started();
        expect(proc.lines.find((l) => l.event === 'service.dependency.ready')).toMatchObject({
          what: 'redis',
        });
      } finally {
        expect(await proc.kill('SIGTERM')).toBe(0);
        await redis.stop();
      }
    } finally {
      await proc.kill();
    }
  });

  it('gives up after STARTUP_WAIT_SECONDS with exit 1 when PostgreSQL never answers', async () => {
    const proc = startServiceProcess('api', {
      DATABASE_URL: `postgres://rebound:x@127.0.0.1:${await freePort()}/rebound`,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      HTTP_PORT: String(await freePort()),
      STARTUP_WAIT_SECONDS: '3',
    });
    expect(await proc.exited).toBe(1);
    expect(proc.count('service.dependency.waiting')).toBeGreaterThan(0);
    expect(proc.lines.find((l) => l.event === 'service.dependency.gave_up')).toMatchObject({
      what: 'database',
    });
    expect(proc.count('service.start_failed')).toBe(1);
  });
});
