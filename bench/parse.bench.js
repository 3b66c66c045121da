// Benchmark of the parse stage over the bounce corpus.
// Usage: npm run build && node bench/parse.bench.js   (CORPUS_DIR overrides the corpus path)
// Prints: cold whole-process mails/s (import + first pass), warm mails/s (best of 5 passes),
// peak RSS, and the time to parse one synthetic 10 MiB message.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const processStart = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const corpusDir =
  process.env.CORPUS_DIR ?? resolve(here, '..', '..', 'shared', 'corpus', 'sisimai');
const { parseMessageSync } = await import('../dist/parse/index.js');

const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.eml'))
  .sort();
if (files.length === 0) {
  console.error(`no *.eml files in ${corpusDir}`);
  process.exit(1);
}
const mails = files.map((f) => readFileSync(join(corpusDir, f)));
const bytes = mails.reduce((n, m) => n + m.length, 0);

function pass() {
  const t0 = performance.now();
  for (const m of mails) parseMessageSync(m);
  return performance.now() - t0;
}

const firstPass = pass();
const coldMs = performance.now() - processStart;
let warmMs = Infinity;
for (let i = 0; i < 5; i++) warmMs = Math.min(warmMs, pass());

const big = synthetic10MiB();
const t0 = performance.now();
const bigResult = parseMessageSync(big);
const bigMs = performance.now() - t0;

const rate = (ms) => Math.round((mails.length / ms) * 1000);
console.log(`corpus: ${mails.length} mails, ${(bytes / 1048576).toFixed(1)} MiB (${corpusDir})`);
console.log(
  `cold (whole process incl. imports + first pass): ${rate(coldMs)} mails/s (${coldMs.toFixed(0)} ms; first pass ${firstPass.toFixed(0)} ms)`,
);
console.log(`warm (best of 5 passes): ${rate(warmMs)} mails/s (${warmMs.toFixed(0)} ms per pass)`);
console.log(
  `10 MiB synthetic message: ${bigMs.toFixed(1)} ms (kind ${bigResult.kind}, ${bigResult.results.length} result(s))`,
);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

/** A DSN carrying a 10 MiB base64 attachment in its returned original. */
function synthetic10MiB() {
  const head = [
    'From: MAILER-DAEMON@mx.example.net',
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    '<user@example.com>: host mx.example.com said: 550 5.1.1 user unknown',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    'Final-Recipient: rfc822; user@example.com',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    '',
    '--b1',
    'Content-Type: message/rfc822',
    '',
    'From: sender@example.org',
    'To: user@example.com',
    'Subject: big',
    'Content-Type: multipart/mixed; boundary="b2"',
    '',
    '--b2',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
  const body = line.repeat(Math.ceil((10 * 1048576) / line.length));
  return Buffer.from(head + body + '--b2--\r\n--b1--\r\n', 'latin1');
}
