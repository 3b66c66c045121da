// `npm run bench -- soak`: a bounded soak of the production shape — one intake process
// (smtp,api) and two worker processes on throw-away PostgreSQL and Redis (test/helpers' own,
// loaded through tsx) — with PostgreSQL and Redis each restarted once and a worker killed -9
// twice (restarted at once, as a supervisor would) while SOAK_MESSAGES DSNs (default 100,000)
// go in over SMTP. Prints accepted / final / lost / duplicated / stuck, the longest any message
// waited from intake to its final state, and RSS over time. Target: 0 / 0 / 0, ≤ 2 minutes.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';
import pg from 'pg';
import { openSmtpSession } from './lib/raw-smtp-client.js';

register();
const { startPostgresCluster, createDatabase } =
  await import('../test/helpers/postgres-cluster.ts');
const { startRedis } = await import('../test/helpers/redis-server.ts');
const { startServiceProcess } = await import('../test/helpers/service-process.ts');
const { waitFor } = await import('../test/helpers/wait-for.ts');

const total = Number(process.env.SOAK_MESSAGES ?? 100_000);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 8);
const drainMs = Number(process.env.SOAK_DRAIN_SECONDS ?? 600) * 1000;
const DOMAIN = 'bounces.soak.example';
const run = randomBytes(3).toString('hex');

function dsn(i) {
  const date = new Date(Date.UTC(2026, 10, 1) + i * 1000).toUTCString();
  return [
    'From: MAILER-DAEMON@mx.sender.example',
    `Date: ${date}`,
    `Message-ID: <soak-${run}-${i}@mx.sender.example>`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Delivery failed.',
    '',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.sender.example',
    '',
    `Final-Recipient: rfc822; user${i}@d${i % 50}.example`,
    `Action: ${i % 3 ? 'failed' : 'delayed'}`,
    `Status: ${i % 3 ? '5.1.1' : '4.2.2'}`,
    `Diagnostic-Code: smtp; ${i % 3 ? '550 5.1.1 User unknown' : '452 4.2.2 Mailbox full'}`,
    '',
    '--b--',
    '',
  ].join('\r\n');
}

/** The hash the spool keys on: the bytes as received (dot-stuffing undone, CRLF kept). */
const sha256 = (raw) => createHash('sha256').update(`${raw}`).digest('hex');

function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Math.round(Number(line.split(/\s+/)[1]) / 1024);
  } catch {
    return undefined;
  }
}

const [cluster, redis] = await Promise.all([startPostgresCluster(), startRedis()]);
const databaseUrl = await createDatabase(cluster.adminUrl, `rebound_soak_${run}`);
const env = {
  DATABASE_URL: databaseUrl,
  REDIS_URL: redis.url,
  QUEUE_NAME: `soak-${run}`,
  RETURN_PATH_DOMAINS: DOMAIN,
  SMTP_PORT: '0',
  HTTP_PORT: '0',
  // Every DSN comes from 127.0.0.1, far past the per-client message rate a real MX allows.
  SMTP_MESSAGES_PER_MINUTE_PER_IP: '0',
};
const processes = { intake: startServiceProcess('smtp,api', env, { compiled: true }) };
processes.workerA = startServiceProcess('worker', env, { compiled: true });
processes.workerB = startServiceProcess('worker', env, { compiled: true });
const faultsLog = [];
const rss = [];
let accepted = 0;
let refusals = 0;
const hashes = new Array(total);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
let sampler;
try {
  await Promise.all(Object.values(processes).map((p) => p.started()));
  const smtpPort = Number(
    processes.intake.lines.find((l) => l.event === 'service.started').smtpPort,
  );
  sampler = setInterval(() => {
    rss.push({
      at: elapsed(),
      accepted,
      ...Object.fromEntries(Object.entries(processes).map(([n, p]) => [n, rssMb(p.child.pid)])),
    });
  }, 10_000);

  const at = (fraction) => () => accepted >= Math.floor(total * fraction);
  const fault = async (fraction, name, act) => {
    await waitFor(at(fraction), { timeoutMs: 24 * 3600_000, intervalMs: 200, what: name });
    const t0 = Date.now();
    await act();
    faultsLog.push(`${name} at ${accepted} accepted (${elapsed()}), took ${Date.now() - t0} ms`);
  };
  const killWorker = async () => {
    processes.workerB.kill('SIGKILL');
    await processes.workerB.exited;
    processes.workerB = startServiceProcess('worker', env, { compiled: true });
    await processes.workerB.started();
  };
  const faults = (async () => {
    await fault(0.2, 'postgres restart', () => cluster.restart());
    await fault(0.4, 'worker kill -9', killWorker);
    await fault(0.6, 'redis restart', () => redis.restart());
    await fault(0.8, 'worker kill -9', killWorker);
  })();

  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      let session = await openSmtpSession(smtpPort);
      while (next < total) {
        const i = next++;
        const raw = dsn(i);
        for (let tries = 1; ; tries += 1) {
          try {
            await session.send('', [`bounce@${DOMAIN}`], raw);
            break;
          } catch {
            // 451 while a store or the queue is away: try again, like an MTA, but bounded.
            refusals += 1;
            if (tries >= 2_000) throw new Error(`message ${i} not accepted after ${tries} tries`);
            await new Promise((resolve) => setTimeout(resolve, 100));
            await session.reset().catch(async () => {
              session = await openSmtpSession(smtpPort);
            });
          }
        }
        hashes[i] = sha256(raw);
        accepted += 1;
      }
      await session.close();
    }),
  );
  await faults;
  const sentIn = Date.now() - startedAt;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const count = async (where) =>
    (
      await client.query(
        `select count(*)::int as n from inbound_messages where sha256 = any($1) and ${where}`,
        [hashes],
      )
    ).rows[0].n;
  const drainDeadline = Date.now() + drainMs;
  while (Date.now() < drainDeadline && (await count(`state = 'received'`)) > 0)
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  const stored = await count('true');
  const final = await count(`state in ('processed', 'unparseable', 'failed')`);
  const stuck = await count(`state = 'received'`);
  const byState = (
    await client.query('select state, count(*)::int as n from inbound_messages group by state')
  ).rows;
  const events = (
    await client.query(
      'select count(*)::int as n, count(distinct message_id)::int as messages from delivery_events',
    )
  ).rows[0];
  const longest = (
    await client.query(
      `select coalesce(max(extract(epoch from processed_at - received_at)), 0)::float as s
       from inbound_messages where processed_at is not null`,
    )
  ).rows[0].s;
  const stillWaiting = (
    await client.query(
      `select coalesce(max(extract(epoch from now() - received_at)), 0)::float as s
       from inbound_messages where state = 'received'`,
    )
  ).rows[0].s;
  await client.end();
  clearInterval(sampler);

  console.log(
    `soak: ${total} DSNs, ${connections} SMTP connections, 1 intake + 2 worker processes`,
  );
  for (const line of faultsLog) console.log(`  fault: ${line}`);
  console.log(`  sent in ${(sentIn / 1000).toFixed(0)} s (${refusals} 4xx answers retried)`);
  console.log(`  accepted   ${accepted}`);
  console.log(`  final      ${final}   (${byState.map((r) => `${r.state} ${r.n}`).join(', ')})`);
  console.log(`  lost       ${accepted - stored}`);
  console.log(
    `  duplicated ${events.n - events.messages}   (events ${events.n} for ${events.messages} messages)`,
  );
  console.log(
    `  stuck      ${stuck}${stuck ? ` (oldest waiting ${stillWaiting.toFixed(0)} s)` : ''}`,
  );
  console.log(`  longest wait, intake to final: ${longest.toFixed(1)} s`);
  console.log(
    `  sweeper: ${
      Object.values(processes)
        .flatMap((p) => p.lines.filter((l) => l.event === 'worker.spool.swept'))
        .map((l) => `requeued ${l.requeued} failed ${l.failed}`)
        .join('; ') || 'nothing to do'
    }`,
  );
  console.log('  RSS (MB) over time:');
  console.log(`    ${['at', 'accepted', ...Object.keys(processes)].join('\t')}`);
  const step = Math.max(1, Math.ceil(rss.length / 20));
  for (const sample of rss.filter((_, i) => i % step === 0 || i === rss.length - 1))
    console.log(`    ${Object.values(sample).join('\t')}`);
  const ok =
    accepted - stored === 0 && events.n === events.messages && stuck === 0 && longest <= 120;
  console.log(
    `  target (lost 0, duplicated 0, stuck 0, longest wait ≤ 120 s): ${ok ? 'met' : 'MISSED'}`,
  );
} finally {
  clearInterval(sampler);
  await Promise.all(Object.values(processes).map((p) => p.kill('SIGTERM')));
  await Promise.all([cluster.destroy(), redis.stop()]);
}
