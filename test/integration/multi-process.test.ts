import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import postgres from 'postgres';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { freePort } from '../helpers/free-port.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { sendRawMail } from '../helpers/smtp-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** One `npm start -- --roles …` process (through tsx: no build needed), logs kept. */
function startRole(roles: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/main.ts'), '--roles', roles],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = () => output.includes('"event":"service.started"');
  return { child, started, output: () => output };
}

async function stopAll(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

// The production shape: one intake process and two worker-only processes on one Postgres and
// one Redis. Every message is processed exactly once, whichever worker takes it.
describe('several worker processes on Redis and Postgres', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    await stopAll(children);
  });

  it('processes every message once across two workers', async () => {
    const databaseUrl = await createDatabase(inject('postgresAdminUrl'), 'rebound_multi');
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      QUEUE_NAME: 'multi-process',
      RETURN_PATH_DOMAINS: 'bounces.multi.example',
      SMTP_PORT: String(smtpPort),
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: 'info',
    };
    const intake = startRole('smtp,api', env);
    children.push(intake.child);
    await waitFor(intake.started, { timeoutMs: 30_000, what: 'the intake process' });
    const workers = [startRole('worker', env), startRole('worker', env)];
    children.push(...workers.map((w) => w.child));
    await waitFor(() => workers.every((w) => w.started()), {
      timeoutMs: 30_000,
      what: 'two workers',
    });

    const total = 60;
    for (let i = 0; i < total; i += 1) {
      const raw = buildDsn({
        recipients: [{ address: `multi${i}@example.org`, status: i % 2 ? '5.1.1' : '4.2.2' }],
        messageId: `<multi-${i}@test>`,
      });
      const sent = await sendRawMail({
        port: smtpPort,
        from: '',
        to: ['bounce@bounces.multi.example'],
        raw,
      });
      expect(sent.ok, sent.response).toBe(true);
    }
    const sql = postgres(databaseUrl, { max: 1 });
    try {
      await waitFor(
        async () =>
          (await sql`select count(*)::int as n from inbound_messages where state = 'processed'`)[0]!
            .n === total,
        { timeoutMs: 30_000, what: 'every message processed' },
      );
      const events = await sql`select count(*)::int as n from delivery_events`;
      expect(events[0]!.n).toBe(total);
      const statuses =
        await sql`select status, count(*)::int as n from addresses group by status order by status`;
      expect(statuses.map((row) => [row.status, row.n])).toEqual([
        ['quarantine', total / 2],
        ['with_errors', total / 2],
      ]);
    } finally {
      await sql.end();
    }
    // Both workers took a share of the jobs.
    for (const worker of workers)
      expect(worker.output()).toContain('"event":"worker.message.processed"');
  });
});
