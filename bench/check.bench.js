// The exclusion check (POST /api/check) against a realistic list: 1,000,000 stored addresses
// (10% in Quarantine, 2% Denylisted, the rest With errors or Valid) on PostgreSQL 15, then
// 10,000 recipients (half stored, half never seen) through `checkExclusions` — warm, the
// median of several runs — and once through HTTP. Run after `npm run build`:
//   node bench/check.bench.js [addresses=1000000] [recipients=10000] [runs=15]
// Starts its own throw-away cluster like test/helpers/postgres-cluster.ts does (plain JS:
// node cannot import TS): 127.0.0.1 only, as the postgres user via runuser when root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { openPostgres } from '../dist/store/database.js';
import { checkExclusions } from '../dist/maintenance/check-exclusions.js';
import { startHttpServer } from '../dist/api/server.js';
import { DEFAULT_POLICY_CONFIG } from '../dist/quarantine/index.js';

const total = Number(process.argv[2] ?? 1_000_000);
const recipientCount = Number(process.argv[3] ?? 10_000);
const runs = Number(process.argv[4] ?? 15);
const TARGET_MS = 50;
const PG_BIN = '/usr/lib/postgresql/15/bin';
if (!existsSync(`${PG_BIN}/initdb`)) throw new Error('postgresql-15 is not installed (apt-get install -y postgresql-15)');

const asRoot = process.getuid?.() === 0;
const asPostgres = (args) => (asRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args);
function run(args) {
  const [command, ...rest] = asPostgres(args);
  const result = spawnSync(command, rest, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = server.address();
    server.close(() => resolve(p));
  });
});

const root = mkdtempSync(join(tmpdir(), 'rebound-bench-pg-'));
chmodSync(root, 0o755);
if (asRoot) {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(root, uid, gid);
}
const dataDir = join(root, 'data');
run([`${PG_BIN}/initdb`, '-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB`;
run([`${PG_BIN}/pg_ctl`, '-D', dataDir, '-o', options, '-l', join(root, 'server.log'), '-w', 'start']);

let database;
let app;
try {
  database = await openPostgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { maxConnections: 4 });
  const { db } = database;
  const { sql } = await import('drizzle-orm');

  // Generated server-side in batches of 100,000 rows (one multi-row insert each).
  const loadStart = performance.now();
  const BATCH = 100_000;
  for (let from = 0; from < total; from += BATCH) {
    const to = Math.min(total, from + BATCH) - 1;
    await db.execute(sql`
      insert into addresses (address, channel, domain, status, reason, error_count, error_text, updated_at, status_since)
      select 'user' || g || '@d' || (g % 5000) || '.example', 'email', 'd' || (g % 5000) || '.example',
             case when g % 50 = 0 then 'denylisted' when g % 10 = 0 then 'quarantine'
                  when g % 10 = 1 then 'with_errors' else 'valid' end,
             case when g % 10 = 0 then 'user_unknown' when g % 10 = 1 then 'mailbox_full' end,
             case when g % 10 = 1 then 1 else 0 end,
             case when g % 10 in (0, 1) then '550 5.1.1 user unknown' end,
             now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day'
      from generate_series(${from}::int, ${to}::int) as g`);
    process.stderr.write(`loaded ${to + 1} / ${total}\r`);
  }
  await db.execute(sql`analyze addresses`);
  const loadMs = performance.now() - loadStart;
  process.stderr.write('\n');

  // Half the recipients are stored (spread over the table), half never seen.
  // An odd stride mixes statuses: about 1 in 10 stored recipients is excluded.
  const stride = Math.max(1, Math.floor(total / (recipientCount / 2)) - 1);
  const recipients = [];
  for (let i = 0; i < recipientCount; i++) {
    const g = i % 2 === 0 ? ((i / 2) * stride) % total : total + i;
    recipients.push({ channel: 'email', address: `user${g}@d${g % 5000}.example` });
  }

  const times = [];
  let excluded = 0;
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    const result = await checkExclusions(db, recipients);
    const elapsed = performance.now() - started;
    excluded = result.excluded.length;
    if (i >= 3) times.push(elapsed); // the first three warm the cache and the plan
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];

  const logger = pino({ level: 'silent' });
  const server = await startHttpServer(
    { host: '127.0.0.1', port: 0, logger },
    {
      db,
      emailNormalization: { lowercaseLocalPart: true },
      readiness: {},
      qualify: () => ({ type: 'soft', reason: 'not_defined', normalizedText: '', toQualify: true }),
      policy: DEFAULT_POLICY_CONFIG,
    },
  );
  app = server.app;
  const body = JSON.stringify({ recipients });
  const httpStart = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}/api/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const answer = await response.json();
  const httpMs = performance.now() - httpStart;
  if (answer.checked !== recipientCount) throw new Error(`HTTP check answered ${JSON.stringify(answer).slice(0, 200)}`);

  const figures = {
    addresses: total,
    recipients: recipientCount,
    excluded,
    loadSeconds: Number((loadMs / 1000).toFixed(1)),
    checkMedianMs: Number(median.toFixed(1)),
    checkMinMs: Number(times[0].toFixed(1)),
    checkMaxMs: Number(times[times.length - 1].toFixed(1)),
    httpOnceMs: Number(httpMs.toFixed(1)),
    targetMs: TARGET_MS,
    withinTarget: median <= TARGET_MS,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (process.env.BENCH_HOLD) { console.log(`postgres://postgres@127.0.0.1:${port}/postgres`); await new Promise((r) => setTimeout(r, Number(process.env.BENCH_HOLD))); }
} finally {
  await app?.close();
  await database?.close();
  try {
    run([`${PG_BIN}/pg_ctl`, '-D', dataDir, '-m', 'fast', '-w', 'stop']);
  } catch {
    // already stopped
  }
  rmSync(root, { recursive: true, force: true });
}
