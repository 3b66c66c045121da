// Regex engines for the rules' text conditions: compile time per pattern and match throughput
// of the shipped rules (rules/*.json) over the normalized diagnostic texts of the corpus (read
// here at run time), then 1,000 staff-size rules of 3 KB each and the RSS after them.
// Usage: npm run build && node bench/regex-engine.bench.js [engine...]   (CORPUS_DIR overrides)
// Engines: re2js (in use), and, when installed, re2-wasm (the engine before) and native re2:
// install them in a scratch folder (`npm i re2-wasm re2` there; native re2 builds from source)
// and name it in BENCH_MODULES_DIR. V8's RegExp is the baseline (it backtracks, so rules never
// run on it). Each engine runs in its own process, so RSS is its own.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const ENGINES = ['re2js', 're2-wasm', 're2', 'regexp'];
const STAFF_RULES = 1_000;

const engineArg = process.argv.indexOf('--engine');
if (engineArg < 0) {
  const wanted = process.argv.slice(2).filter((name) => ENGINES.includes(name));
  for (const engine of wanted.length ? wanted : ENGINES) {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), '--engine', engine],
      { cwd: root, stdio: 'inherit' },
    );
    if (run.status !== 0) console.log(`${engine}: exited ${run.status ?? run.signal}`);
  }
  process.exit(0);
}

const name = process.argv[engineArg + 1];
const engine = await loadEngine(name);
if (!engine) {
  console.log(`\n${name}: not installed, skipped (see BENCH_MODULES_DIR above)`);
  process.exit(0);
}
console.log(`\n-- ${name}`);

const patterns = shippedPatterns();
const texts = await corpusTexts();
const textBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

// Shipped rules: the first compile of each pattern (cold), then the match pass the worker does
// at worst (every text through every pattern), best of 5.
const t0 = performance.now();
const compiled = patterns.map((source) => engine.compile(source));
const compileMs = performance.now() - t0;
let matchMs = Infinity;
let hits = 0;
for (let pass = 0; pass < 5; pass++) {
  hits = 0;
  const started = performance.now();
  for (const text of texts) for (const regex of compiled) if (regex.test(text)) hits++;
  matchMs = Math.min(matchMs, performance.now() - started);
}
const tests = texts.length * compiled.length;
console.log(
  `shipped: ${patterns.length} patterns compiled in ${compileMs.toFixed(1)} ms ` +
    `(${((compileMs / patterns.length) * 1000).toFixed(0)} µs each); ` +
    `${texts.length} texts (${(textBytes / 1024).toFixed(0)} KiB) × ${patterns.length} patterns: ` +
    `${Math.round((texts.length / matchMs) * 1000)} texts/s, ` +
    `${Math.round((tests / matchMs) * 1000)} tests/s, ${hits} hits`,
);

// Staff rules at scale: 1,000 distinct 3 KB alternations, compiled one by one as staff add
// them; then 100 texts through all of them (a text no rule matches scans every rule).
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const staff = [];
const s0 = performance.now();
let failedAt;
for (let i = 0; i < STAFF_RULES; i++) {
  try {
    staff.push(engine.compile(staffPattern(i)));
  } catch (error) {
    failedAt = `rule ${i + 1}: ${String(error?.message ?? error).slice(0, 80)}`;
    break;
  }
}
const staffCompileMs = performance.now() - s0;
if (failedAt) console.log(`staff: compile FAILED at ${failedAt} (${staff.length} compiled)`);
const sample = texts.slice(0, 100);
let staffMs = 0;
if (!failedAt) {
  const m0 = performance.now();
  for (const text of sample) for (const regex of staff) regex.test(text);
  staffMs = performance.now() - m0;
}
global.gc?.();
const rssAfter = process.memoryUsage().rss;
console.log(
  `staff: ${staff.length} × 3 KB patterns compiled in ${staffCompileMs.toFixed(0)} ms ` +
    `(${((staffCompileMs / Math.max(1, staff.length)) * 1000).toFixed(0)} µs each)` +
    (staffMs
      ? `; ${sample.length} texts × ${staff.length}: ${Math.round(((sample.length * staff.length) / staffMs) * 1000)} tests/s` +
        ` (${(staffMs / sample.length).toFixed(1)} ms per text)`
      : '') +
    `; RSS ${(rssBefore / 1048576).toFixed(0)} → ${(rssAfter / 1048576).toFixed(0)} MiB`,
);

/** A package from BENCH_MODULES_DIR when set (engines that are no dependency), else ours. */
async function importPackage(name) {
  const dir = process.env.BENCH_MODULES_DIR;
  if (!dir) return import(name);
  try {
    return createRequire(join(resolve(dir), 'package.json'))(name);
  } catch (error) {
    if (error?.code === 'MODULE_NOT_FOUND') return import(name);
    throw error;
  }
}

async function loadEngine(engineName) {
  try {
    if (engineName === 're2js') {
      const { RE2JS } = await import('re2js');
      return { compile: (source) => RE2JS.compile(source, RE2JS.CASE_INSENSITIVE) };
    }
    if (engineName === 're2-wasm') {
      const { RE2 } = await importPackage('re2-wasm');
      return { compile: (source) => new RE2(source, 'iu') };
    }
    if (engineName === 're2') {
      const mod = await importPackage('re2');
      const RE2 = mod.default ?? mod;
      return { compile: (source) => new RE2(source, 'iu') };
    }
    if (engineName === 'regexp') return { compile: (source) => new RegExp(source, 'iu') };
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'MODULE_NOT_FOUND')
      return undefined;
    throw error;
  }
  throw new Error(`unknown engine ${engineName} (one of ${ENGINES.join(', ')})`);
}

/** Every text condition and SMSC extractor of the shipped rule sets. */
function shippedPatterns() {
  const dir = join(root, 'rules');
  const out = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const set = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const rule of set.rules) if (rule.match.textRegex) out.push(rule.match.textRegex);
    for (const extractor of Object.values(set.smsc ?? {})) {
      out.push(extractor.statusRegex, extractor.errorRegex);
    }
  }
  return out;
}

/** The corpus's diagnostic texts as the matcher sees them: parsed, then normalized. */
async function corpusTexts() {
  const corpusDir = process.env.CORPUS_DIR ?? resolve(root, '..', 'shared', 'corpus', 'sisimai');
  const { parseMessageSync } = await import('../dist/parse/index.js');
  const { normalizeErrorText } = await import('../dist/qualify/index.js');
  const out = [];
  for (const file of readdirSync(corpusDir).filter((f) => f.endsWith('.eml'))) {
    const parsed = parseMessageSync(readFileSync(join(corpusDir, file)));
    for (const result of parsed.results) {
      if (result.diagnostic) out.push(normalizeErrorText(result.diagnostic));
    }
  }
  if (out.length === 0) throw new Error(`no diagnostic texts from ${corpusDir}`);
  return out;
}

/** The same shape as test/unit/rule-sets/staff-rule-capacity.test.ts: about 3 KB each. */
function staffPattern(index) {
  const phrases = [];
  for (let j = 0; phrases.join('|').length < 3_000; j++) {
    phrases.push(`q${tag(index)}${tag(j)} ${word(index * 97 + j)} (?:refused|denied|blocked)`);
  }
  return `\\b(?:${phrases.join('|')})\\b`;
}

function tag(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return [676, 26, 1].map((unit) => letters[Math.floor(n / unit) % 26]).join('');
}

function word(seed) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let n = seed * 7919 + 17; out.length < 7; n = Math.floor(n / 26) + out.length * 131) {
    out += letters[n % 26];
  }
  return out;
}
