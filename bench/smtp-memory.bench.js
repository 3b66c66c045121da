// Memory under a DATA flood: 40 connections at once each send a message just under
// MAX_MESSAGE_BYTES (10 MiB) to the SMTP role on the production shape (real PostgreSQL and
// Redis), with the memory budget at its default and, for comparison, so high it never bites
// (what the intake did before it had one). Reports the service's RSS before, at its peak
// and after, and the replies (451 4.3.1 when the budget is full; the client then retries).
// Each case runs in its own process, so one's heap never colours the other's figures.
//   node bench/smtp-memory.bench.js [connections=40] [bytes=10000000]
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';

const here = fileURLToPath(new URL('.', import.meta.url));
const [mode, ...rest] = process.argv.slice(2);

async function child([databaseUrl, redisUrl, cap, connections, bytes]) {
  const { loadConfig } = await import('../dist/config.js');
  const { startService } = await import('../dist/service.js');
  const config = loadConfig({
    ROLES: 'smtp',
    SMTP_PORT: '0',
    RETURN_PATH_DOMAINS: 'bounces.bench.example',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_MAX_CLIENTS_PER_IP: '100',
    SMTP_MESSAGES_PER_MINUTE_PER_IP: '0',
    ...(cap ? { SMTP_MAX_BUFFERED_BYTES: cap } : {}),
  });
  const service = await startService(config, pino({ level: 'silent' }));
  globalThis.gc?.();
  const mib = (n) => (n / 1024 / 1024).toFixed(0);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const flood = spawn(
    process.execPath,
    [`${here}lib/smtp-flood-client.js`, String(service.smtpPort), connections, bytes],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  flood.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => flood.once('exit', resolve));
  clearInterval(sampler);
  globalThis.gc?.();
  const after = process.memoryUsage().rss;
  const { codes, seconds } = JSON.parse(out);
  await service.stop();
  console.log(
    `budget ${cap ? `${mib(Number(cap))} MiB` : 'default (128 MiB)'}`.padEnd(22) +
      ` RSS before ${mib(before)} MiB, peak ${mib(peak)} MiB, after ${mib(after)} MiB; ` +
      `replies ${JSON.stringify(codes)} in ${seconds.toFixed(1)} s`,
  );
}

if (mode === '--child') {
  await child(rest);
} else {
  const { startPostgres, startRedis } = await import('./lib/test-servers.js');
  const connections = rest[0] ?? '40';
  const bytes = rest[1] ?? '10000000';
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  try {
    console.log(`${connections} connections, one message of ${bytes} bytes each`);
    for (const cap of ['', String(4 * 1024 * 1024 * 1024)]) {
      const run = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          fileURLToPath(import.meta.url),
          '--child',
          postgres.url,
          redis.url,
          cap,
          connections,
          bytes,
        ],
        { stdio: 'inherit' },
      );
      if (run.status !== 0) process.exitCode = 1;
    }
  } finally {
    await postgres.stop();
    await redis.stop();
  }
}
