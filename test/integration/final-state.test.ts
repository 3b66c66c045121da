/**
 * Every accepted message reaches a final state (processed, unparseable or failed) even when the
 * queue gives up on its job without the worker recording it: the two stuck cases of issue 15,
 * reproduced on the real PostgreSQL and Redis.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { Queue } from 'bullmq';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { startTestService, TEST_RETURN_PATH_DOMAIN } from '../helpers/service.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait-for.js';

const RCPT = `bounce@${TEST_RETURN_PATH_DOMAIN}`;

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function states(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const result = await client.query<{ state: string; n: number }>(
      'select state, count(*)::int as n from inbound_messages group by state',
    );
    return Object.fromEntries(result.rows.map((row) => [row.state, row.n]));
  });
}

async function sendDsns(port: number, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const raw = buildDsn({
      recipients: [{ address: `${prefix}${i}@example.org`, status: '5.1.1' }],
      messageId: `<${prefix}-${i}@final-state.test>`,
    });
    const sent = await sendRawMail({ port, from: '', to: [RCPT], raw });
    expect(sent.ok, sent.response).toBe(true);
  }
}

async function retryAllFailed(baseUrl: string): Promise<number> {
  const listed = (await (await fetch(`${baseUrl}/api/messages?state=failed`)).json()) as {
    items: Array<{ id: number }>;
  };
  for (const item of listed.items) {
    const response = await fetch(`${baseUrl}/api/messages/${item.id}/retry`, { method: 'POST' });
    expect(response.status).toBe(200);
  }
  return listed.items.length;
}

async function readiness(baseUrl: string) {
  const response = await fetch(`${baseUrl}/readyz`);
  const body = (await response.json()) as { checks: Record<string, string> };
  return { status: response.status, checks: body.checks };
}

describe('a message whose job the queue gave up on ends failed, visible and retryable', () => {
  it('database writes refused past the last attempt: the sweeper marks the rows failed', async () => {
    const suffix = randomBytes(4).toString('hex');
    const role = `rebound_refused_${suffix}`;
    const adminUrl = inject('postgresAdminUrl');
    await withClient(adminUrl, async (admin) => {
      await admin.query(`create role ${role} login`);
      await admin.query(`create database ${role} owner ${role}`);
    });
    const databaseUrl = new URL(adminUrl);
    databaseUrl.username = role;
    databaseUrl.pathname = `/${role}`;
    const asAdmin = new URL(adminUrl);
    asAdmin.pathname = `/${role}`;
    const queueName = `refused-${suffix}`;
    const service = await startTestService({
      shape: 'redis',
      databaseUrl: databaseUrl.toString(),
      env: {
        QUEUE_NAME: queueName,
        JOB_ATTEMPTS: '2',
        SPOOL_SWEEP_INTERVAL_SECONDS: '1',
        READY_MAX_CONSECUTIVE_FAILURES: '3',
        READY_MAX_FAILED_MESSAGES: String(5),
      },
    });
    const queue = new Queue(queueName, { connection: { url: inject('redisUrl') } });
    try {
      // Intake may still insert; the worker may neither lock nor update a spool row, nor write
      // events: every attempt fails, and so does recording the failure.
      await withClient(asAdmin.toString(), (admin) =>
        admin.query(
          `revoke update on inbound_messages from ${role};
           revoke insert, update on all tables in schema public from ${role};
           grant insert on inbound_messages to ${role}`,
        ),
      );
      const total = 5;
      await sendDsns(service.smtpPort, `refused-${suffix}-`, total);
      await waitFor(async () => (await queue.getJobCounts('failed')).failed === total, {
        timeoutMs: 60_000,
        what: 'every job failed after its attempts',
      });
      // The stuck state of issue 15: the queue gave up, the row still says `received`.
      expect(await states(databaseUrl.toString())).toEqual({ received: total });
      const failing = await readiness(service.baseUrl);
      expect(failing.status).toBe(503);
      expect(failing.checks.worker).toMatch(
        /^\d+ consecutive message attempts failed \(limit 3\)$/,
      );

      await withClient(asAdmin.toString(), (admin) =>
        admin.query(`grant insert, update on all tables in schema public to ${role}`),
      );
      await waitFor(async () => (await states(databaseUrl.toString())).failed === total, {
        timeoutMs: 30_000,
        what: 'the sweeper to mark every row failed',
      });
      // The rows commit before the sweep that marked them adds up its counts.
      await waitFor(() => service.service.worker?.sweepTotals().failed === total, {
        timeoutMs: 10_000,
        what: 'the sweeper to count what it marked',
      });
      expect((await readiness(service.baseUrl)).checks.spool).toBe(
        '5 messages failed in the last 15 min (limit 5)',
      );
      const failed = (await (
        await fetch(`${service.baseUrl}/api/messages?state=failed`)
      ).json()) as { items: Array<{ error: string }> };
      expect(failed.items).toHaveLength(total);
      for (const item of failed.items) expect(item.error).toMatch(/^queue: /);

      expect(await retryAllFailed(service.baseUrl)).toBe(total);
      await waitFor(async () => (await states(databaseUrl.toString())).processed === total, {
        timeoutMs: 30_000,
        what: 'every retried message processed',
      });
      expect(await states(databaseUrl.toString())).toEqual({ processed: total });
      expect(await readiness(service.baseUrl)).toEqual({
        status: 200,
        checks: { database: 'ok', queue: 'ok', spool: 'ok', worker: 'ok' },
      });
    } finally {
      await queue.close();
      await service.stop();
    }
  }, 180_000);
});

describe('a worker killed twice while holding a job', () => {
  const workers: ServiceProcess[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
  });

  it('the job stalls out, the sweeper marks the row failed, a retry processes it once', async () => {
    const suffix = randomBytes(4).toString('hex');
    const databaseUrl = await createDatabase(inject('postgresAdminUrl'), `rebound_stall_${suffix}`);
    // A backend waiting on a lock never reads its socket: without this check the killed
    // worker's transactions would linger holding their row locks until the lock is released.
    await withClient(databaseUrl, (client) =>
      client.query(
        `alter database "rebound_stall_${suffix}" set client_connection_check_interval = 200`,
      ),
    );
    const queueName = `stall-${suffix}`;
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      QUEUE_NAME: queueName,
      RETURN_PATH_DOMAINS: TEST_RETURN_PATH_DOMAIN,
      SMTP_PORT: '0',
      HTTP_PORT: '0',
      SPOOL_SWEEP_INTERVAL_SECONDS: '1',
    };
    const intake = await startTestService({
      shape: 'redis',
      databaseUrl,
      env: { ROLES: 'smtp,api', QUEUE_NAME: queueName },
    });
    // Holds every worker inside its transaction: event inserts wait on this table lock, so the
    // worker holds the job until it is killed.
    const blocker = new pg.Client({ connectionString: databaseUrl });
    await blocker.connect();
    const queue = new Queue(queueName, { connection: { url: inject('redisUrl') } });
    const waitingOnLock = async () =>
      withClient(databaseUrl, async (client) => {
        const result = await client.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return result.rows[0]!.n;
      });
    try {
      await blocker.query('begin');
      await blocker.query('lock table delivery_events in share mode');
      const total = 3;
      await sendDsns(intake.smtpPort, `stall-${suffix}-`, total);

      for (let kill = 1; kill <= 2; kill += 1) {
        const worker = startServiceProcess('worker', env);
        workers.push(worker);
        await worker.started();
        // Every job active on this worker, and its batch (the first job alone, the others
        // waiting for the next batch) stuck on the lock.
        await waitFor(
          async () =>
            (await queue.getJobCounts('active')).active === total && (await waitingOnLock()) >= 1,
          { timeoutMs: 90_000, what: `worker ${kill} holding every job` },
        );
        await worker.kill('SIGKILL');
        await waitFor(async () => (await waitingOnLock()) === 0, {
          timeoutMs: 30_000,
          what: `the killed worker's transactions to end`,
        });
      }
      const survivor = startServiceProcess('worker', env);
      workers.push(survivor);
      await survivor.started();
      await waitFor(() => survivor.count('worker.spool.marked_failed') === total, {
        timeoutMs: 90_000,
        what: 'the sweeper to mark the stalled-out messages failed',
      });
      await blocker.query('commit');
      expect(await states(databaseUrl)).toEqual({ failed: total });
      const failed = (await (
        await fetch(`${intake.baseUrl}/api/messages?state=failed`)
      ).json()) as { items: Array<{ error: string }> };
      for (const item of failed.items)
        expect(item.error).toBe('queue: job stalled more than allowable limit');

      expect(await retryAllFailed(intake.baseUrl)).toBe(total);
      await waitFor(async () => (await states(databaseUrl)).processed === total, {
        timeoutMs: 60_000,
        what: 'every retried message processed',
      });
      const events = await withClient(databaseUrl, (client) =>
        client.query<{ n: number }>('select count(*)::int as n from delivery_events'),
      );
      expect(events.rows[0]!.n).toBe(total);
    } finally {
      await blocker.end().catch(() => undefined);
      await queue.close().catch(() => undefined);
      await intake.stop();
    }
  }, 300_000);
});
