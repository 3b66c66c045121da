#!/usr/bin/env node
// `npm run bench [name...]`: builds, then runs each bench/<name>.bench.js in its own process
// (so one benchmark's memory and JIT state never colours another's figures).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const wanted = process.argv.slice(2);
if (wanted.includes('--help')) {
  console.log(
    'Usage: npm run bench [-- name...]\nRuns bench/<name>.bench.js (all by default) after npm run build. See bench/README.md.',
  );
  process.exit(0);
}
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const all = readdirSync(here)
  .filter((file) => file.endsWith('.bench.js'))
  .sort();
const selected = wanted.length
  ? all.filter((file) => wanted.some((name) => file.startsWith(name)))
  : all;
let failed = 0;
for (const file of selected) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--expose-gc', join(here, file)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
