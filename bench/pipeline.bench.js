// End to end: DSNs sent over real SMTP to the running service until every one has reached the
// quarantine list, in both shapes. Reports messages/s through the whole path (intake, spool,
// queue, parse, qualify, policy, store) and the intake rate alone.
//   node bench/pipeline.bench.js [messages=2000] [connections=8]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../dist/config.js';
import { startService } from '../dist/service.js';
import { startPostgres, startRedis } from './lib/test-servers.js';
import { openSmtpSession } from './lib/raw-smtp-client.js';

const total = Number(process.argv[2] ?? 2000);
const connections = Number(process.argv[3] ?? 8);

function dsn(i, shape) {
  const date = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString();
  return [
    'From: MAILER-DAEMON@mx.sender.example',
    `Date: ${date}`,
    `Message-ID: <bench-${shape}-${i}@mx.sender.example>`,
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
    `Arrival-Date: ${date}`,
    '',
    `Final-Recipient: rfc822; user${i}@d${i % 50}.example`,
    `Action: ${i % 3 ? 'failed' : 'delayed'}`,
    `Status: ${i % 3 ? '5.1.1' : '4.2.2'}`,
    `Diagnostic-Code: smtp; ${i % 3 ? `550 5.1.1 <user${i}@d${i % 50}.example>: Recipient address rejected: User unknown` : '452 4.2.2 Mailbox full'}`,
    '',
    '--b--',
    '',
  ].join('\r\n');
}

async function sendAll(port, shape) {
  const sessions = await Promise.all(
    Array.from({ length: connections }, () => openSmtpSession(port)),
  );
  let next = 0;
  await Promise.all(
    sessions.map(async (session) => {
      while (next < total) {
        const i = next++;
        await session.send('', ['bounce@bounces.bench.example'], dsn(i, shape));
      }
    }),
  );
  await Promise.all(sessions.map((session) => session.close()));
}

async function measure(shape, env) {
  const config = loadConfig({
    SMTP_PORT: '0',
    HTTP_PORT: '0',
    RETURN_PATH_DOMAINS: 'bounces.bench.example',
    LOG_LEVEL: 'silent',
    // Every DSN comes from 127.0.0.1, far past the per-client message rate a real MX allows.
    SMTP_MESSAGES_PER_MINUTE_PER_IP: '0',
    ...env,
  });
  const service = await startService(config, pino({ level: 'silent' }));
  const { sql } = await import('drizzle-orm');
  const pending = async () => {
    const result = await service.database.db.execute(
      sql`select count(*)::int as n from inbound_messages where state = 'received'`,
    );
    return (Array.isArray(result) ? result : result.rows)[0].n;
  };
  const start = performance.now();
  await sendAll(service.smtpPort, shape);
  const intakeMs = performance.now() - start;
  while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  const totalMs = performance.now() - start;
  const rows = await service.database.db.execute(
    sql`select status, count(*)::int as n from addresses group by status order by status`,
  );
  await service.stop();
  console.log(
    `${shape.padEnd(10)} ${total} DSNs over ${connections} SMTP connections: intake ${(total / (intakeMs / 1000)).toFixed(0)} msg/s, ` +
      `end to end ${(total / (totalMs / 1000)).toFixed(0)} msg/s (${(totalMs / 1000).toFixed(1)} s); addresses ${JSON.stringify(Array.isArray(rows) ? rows : rows.rows)}`,
  );
}

const shapes = (process.env.SHAPES ?? 'embedded,production').split(',');
if (shapes.includes('embedded')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rebound-bench-embedded-'));
  try {
    await measure('embedded', { DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (shapes.includes('production')) {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  try {
    await measure('production', {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      WORKER_CONCURRENCY: '8',
    });
  } finally {
    await postgres.stop();
    await redis.stop();
  }
}
