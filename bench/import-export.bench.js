// Suppression import and export on PostgreSQL 15: N rows (default 1,000,000) of an Amazon SES
// suppression-list CSV imported through `importSuppressions` (1,000-row chunks, one
// transaction each), the same file imported again (idempotence: nothing may change), then the
// whole list exported as CSV and as JSONL through `exportSuppressions` (keyset pages). RSS is
// sampled every second and printed, to show it stays flat. Run after `npm run build`:
//   node bench/import-export.bench.js [rows=1000000]
// Targets: export 1,000,000 rows ≤ 15 s, import 1,000,000 rows ≤ 60 s.
// The throw-away cluster is test/helpers/postgres-cluster.ts, loaded through tsx (no copy).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { register } from 'tsx/esm/api';
import { openPostgres } from '../dist/store/database.js';
import { importSuppressions } from '../dist/suppressions/import-suppressions.js';
import { exportSuppressions } from '../dist/suppressions/export-suppressions.js';
import { DEFAULT_POLICY_CONFIG } from '../dist/quarantine/index.js';

const total = Number(process.argv[2] ?? 1_000_000);
const IMPORT_TARGET_S = (60 * total) / 1_000_000;
const EXPORT_TARGET_S = (15 * total) / 1_000_000;

register();
const { startPostgresCluster, createDatabase } =
  await import('../test/helpers/postgres-cluster.ts');
const cluster = await startPostgresCluster();
const work = mkdtempSync(join(tmpdir(), 'rebound-bench-import-'));
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

function sampleRss(label) {
  const samples = [];
  const timer = setInterval(() => samples.push(mb(process.memoryUsage().rss)), 1_000);
  return () => {
    clearInterval(timer);
    samples.push(mb(process.memoryUsage().rss));
    console.log(`${label} RSS MiB (every 1 s): ${samples.join(' ')}`);
    return samples;
  };
}

let database;
try {
  const url = await createDatabase(cluster.adminUrl, 'rebound_bench');
  database = await openPostgres(url, { maxConnections: 4 });
  const { db } = database;

  // The file: 9 bounces for 1 complaint, over 5,000 domains; written as a stream too.
  const file = join(work, 'ses.csv');
  async function* rows() {
    yield 'EmailAddress,Reason,LastUpdateTime\n';
    const BATCH = 10_000;
    for (let from = 0; from < total; from += BATCH) {
      let text = '';
      for (let g = from; g < Math.min(total, from + BATCH); g++) {
        text += `user${g}@d${g % 5000}.example,${g % 10 === 0 ? 'COMPLAINT' : 'BOUNCE'},${1_700_000_000 + g}\n`;
      }
      yield text;
    }
  }
  await pipeline(Readable.from(rows()), createWriteStream(file));
  console.log(`file: ${total} rows, ${mb(statSync(file).size)} MiB`);

  const staff = { actor: 'bench', now: new Date(), policy: DEFAULT_POLICY_CONFIG };
  const options = { dryRun: false, emailNormalization: { lowercaseLocalPart: true } };
  const runImport = async (label) => {
    global.gc?.();
    const stop = sampleRss(label);
    const started = performance.now();
    const cpu = process.cpuUsage();
    let lastLog = started;
    const report = await importSuppressions(db, createReadStream(file, 'utf8'), staff, {
      ...options,
      onProgress: ({ rows: done }) => {
        const now = performance.now();
        if (now - lastLog > 10_000) {
          lastLog = now;
          process.stderr.write(
            `  ${label}: ${done} rows, ${((now - started) / 1000).toFixed(1)} s\n`,
          );
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    stop();
    // Node's own CPU beside the wall time: on a shared box the rest is waiting for Postgres.
    console.log(
      `${label}: ${total} rows in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} rows/s), node CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, counts ${JSON.stringify(report.counts)}`,
    );
    return { seconds, report };
  };
  const first = await runImport('import');
  const second = await runImport('import again');

  const runExport = async (format) => {
    global.gc?.();
    const stop = sampleRss(`export ${format}`);
    const started = performance.now();
    const cpu = process.cpuUsage();
    let bytes = 0;
    await pipeline(
      Readable.from(exportSuppressions(db, {}, format)),
      new Writable({
        write(chunk, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    stop();
    console.log(
      `export ${format}: ${total} rows, ${mb(bytes)} MiB in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} rows/s), node CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
    );
    return seconds;
  };
  const csvSeconds = await runExport('csv');
  const jsonlSeconds = await runExport('jsonl');

  const changedAgain = second.report.counts.created + second.report.counts.updated;
  console.log(
    `\nimport ${first.seconds.toFixed(1)} s (target ≤ ${IMPORT_TARGET_S.toFixed(1)} s): ${first.seconds <= IMPORT_TARGET_S ? 'ok' : 'MISSED'}`,
  );
  console.log(
    `import again changed ${changedAgain} rows (must be 0): ${changedAgain === 0 ? 'ok' : 'FAILED'}`,
  );
  console.log(
    `export csv ${csvSeconds.toFixed(1)} s, jsonl ${jsonlSeconds.toFixed(1)} s (target ≤ ${EXPORT_TARGET_S.toFixed(1)} s): ${Math.max(csvSeconds, jsonlSeconds) <= EXPORT_TARGET_S ? 'ok' : 'MISSED'}`,
  );
  if (changedAgain !== 0) process.exitCode = 1;
} finally {
  await database?.close();
  await cluster.destroy();
  rmSync(work, { recursive: true, force: true });
}
