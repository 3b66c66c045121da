// The exclusion check (POST /api/check) against a realistic list: 1,000,000 stored addresses
// (10% in Quarantine, 2% Denylisted, the rest With errors or Valid) on PostgreSQL 15, then
// 10,000 recipients (half stored, half never seen) through `checkExclusions` — warm, the
// median of several runs — and once through HTTP. Run after `npm run build`:
//   node bench/check.bench.js [addresses=1000000] [recipients=10000] [runs=15]
// Starts its own throw-away cluster (the test helpers' own, bench/lib/test-servers.js), on 127.0.0.1 only.
import { performance } from 'node:perf_hooks';
import { startPostgres } from './lib/test-servers.js';
import { pino } from 'pino';
import { openPostgres } from '../dist/store/database.js';
import { checkExclusions } from '../dist/ledger/check-exclusions.js';
import { startHttpServer } from '../dist/api/server.js';
import { DEFAULT_POLICY_CONFIG } from '../dist/quarantine/index.js';

const total = Number(process.argv[2] ?? 1_000_000);
const recipientCount = Number(process.argv[3] ?? 10_000);
const runs = Number(process.argv[4] ?? 15);
const TARGET_MS = 50;
const cluster = await startPostgres();

let database;
let app;
try {
  database = await openPostgres(cluster.url, { maxConnections: 4 });
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
  if (answer.checked !== recipientCount)
    throw new Error(`HTTP check answered ${JSON.stringify(answer).slice(0, 200)}`);

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
} finally {
  await app?.close();
  await database?.close();
  await cluster.stop();
}
