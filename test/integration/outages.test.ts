/**
 * PostgreSQL and Redis restarted mid-stream, on their own throw-away servers (the shared ones
 * serve the other test files): the processes survive, reconnect and resume, and every message
 * that got a 250 ends final, none processed twice. Both shapes: all roles in one process, and
 * intake (smtp,api) apart from the worker.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  createDatabase,
  startPostgresCluster,
  type PostgresCluster,
} from '../helpers/postgres-cluster.js';
import { startRedis, type RedisInstance } from '../helpers/redis-server.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait-for.js';

const DOMAIN = 'bounces.outage.example';
const TOTAL = 90;

/** Like an MTA: a 4xx or a refused connection is tried again, a bounded number of times. */
async function deliver(port: number, raw: string): Promise<{ tries: number }> {
  for (let tries = 1; tries <= 400; tries += 1) {
    const sent = await sendRawMail({ port, from: '', to: [`bounce@${DOMAIN}`], raw });
    if (sent.ok) return { tries };
    if (sent.responseCode !== undefined && sent.responseCode >= 500)
      throw new Error(`refused for good: ${sent.response}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('not accepted after 400 tries');
}

describe('outages of PostgreSQL and Redis are weathered', () => {
  let cluster: PostgresCluster;
  let redis: RedisInstance;
  const processes: ServiceProcess[] = [];
  beforeAll(async () => {
    [cluster, redis] = await Promise.all([startPostgresCluster(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await Promise.all([cluster?.destroy(), redis?.stop()]);
  });

  for (const shape of ['all-roles', 'split'] as const) {
    it(`${shape}: every accepted message final, none twice, across a restart of each`, async () => {
      const suffix = randomBytes(4).toString('hex');
      const databaseUrl = await createDatabase(cluster.adminUrl, `rebound_outage_${suffix}`);
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        QUEUE_NAME: `outage-${suffix}`,
        RETURN_PATH_DOMAINS: DOMAIN,
        SMTP_PORT: '0',
        HTTP_PORT: '0',
        SPOOL_SWEEP_INTERVAL_SECONDS: '2',
      };
      const started =
        shape === 'all-roles'
          ? [startServiceProcess('smtp,api,worker', env)]
          : [startServiceProcess('smtp,api', env), startServiceProcess('worker', env)];
      processes.push(...started);
      await Promise.all(started.map((p) => p.started()));
      const intake = started[0]!;
      const smtpPort = Number(intake.lines.find((l) => l.event === 'service.started')!.smtpPort);

      let accepted = 0;
      const hashes: string[] = [];
      const faults = (async () => {
        await waitFor(() => accepted >= TOTAL / 3, { timeoutMs: 120_000, what: 'a third sent' });
        await cluster.restart();
        await waitFor(() => accepted >= (2 * TOTAL) / 3, {
          timeoutMs: 180_000,
          what: 'two thirds sent',
        });
        await redis.restart();
      })();
      for (let i = 0; i < TOTAL; i += 1) {
        const raw = buildDsn({
          recipients: [{ address: `outage-${suffix}-${i}@example.org`, status: '5.1.1' }],
          messageId: `<outage-${suffix}-${i}@test>`,
        });
        await deliver(smtpPort, raw);
        hashes.push(createHash('sha256').update(raw).digest('hex'));
        accepted += 1;
      }
      await faults;

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const finalCount = async () =>
          (
            await client.query<{ n: number }>(
              `select count(*)::int as n from inbound_messages
               where sha256 = any($1) and state in ('processed', 'unparseable', 'failed')`,
              [hashes],
            )
          ).rows[0]!.n;
        await waitFor(async () => (await finalCount()) === TOTAL, {
          timeoutMs: 180_000,
          intervalMs: 500,
          what: 'every accepted message final',
        });
        const byState = await client.query<{ state: string; n: number }>(
          'select state, count(*)::int as n from inbound_messages group by state',
        );
        expect(Object.fromEntries(byState.rows.map((r) => [r.state, r.n]))).toEqual({
          processed: TOTAL,
        });
        const events = await client.query<{ n: number; messages: number }>(
          'select count(*)::int as n, count(distinct message_id)::int as messages from delivery_events',
        );
        expect(events.rows[0]).toEqual({ n: TOTAL, messages: TOTAL });
      } finally {
        await client.end();
      }
      const processedLines = started.flatMap((p) =>
        p.lines.filter((l) => l.event === 'worker.message.processed').map((l) => l.spoolId),
      );
      expect(new Set(processedLines).size).toBe(processedLines.length);
      for (const p of started) {
        expect(p.child.exitCode, JSON.stringify(p.lines.slice(-5))).toBeNull();
        expect(p.count('service.crashed')).toBe(0);
      }
      await Promise.all(started.map((p) => p.kill('SIGTERM')));
    }, 600_000);
  }
});
