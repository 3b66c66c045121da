// Worst-case parse times (issue 15): every saved hostile case at 64 KiB, 256 KiB and 1 MiB,
// in-process (best of 3), and the worst at 1 MiB once more through the parse pool (compiled
// thread entry under dist/). Target: no input of 1 MiB or less over 100 ms.
// Usage: npm run bench -- parse-hostile
import { performance } from 'node:perf_hooks';

const { parseMessageSync } = await import('../dist/parse/index.js');
const { createParsePool } = await import('../dist/parse-pool/index.js');
const { HOSTILE_CASES } = await import('../test/fixtures/parse/hostile/hostile-mail.js');

const SIZES = [64 * 1024, 256 * 1024, 1024 * 1024];
const TARGET_MS = 100;

function best(raw) {
  let ms = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    parseMessageSync(raw);
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

for (const c of HOSTILE_CASES) parseMessageSync(c.build(4096)); // warm the JIT
console.log(['case'.padEnd(30), ...SIZES.map((s) => `${s / 1024} KiB`.padStart(10))].join(''));
let worst = { name: '', ms: 0 };
for (const c of HOSTILE_CASES) {
  const times = SIZES.map((size) => best(c.build(size)));
  const last = times.at(-1) ?? 0;
  if (last > worst.ms) worst = { name: c.name, ms: last };
  console.log([c.name.padEnd(30), ...times.map((t) => `${t.toFixed(1)} ms`.padStart(10))].join(''));
}
console.log(`worst at 1 MiB: ${worst.name} ${worst.ms.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`);

const pool = createParsePool({ size: 1, budgetMs: 5000 });
const raw = HOSTILE_CASES.find((c) => c.name === worst.name).build(1024 * 1024);
await pool.parse(raw); // thread up
const t0 = performance.now();
await pool.parse(raw);
console.log(`through the pool (dist thread): ${(performance.now() - t0).toFixed(1)} ms`);
await pool.close();
