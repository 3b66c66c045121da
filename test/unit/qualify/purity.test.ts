import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../src/qualify/', import.meta.url));
/** qualify/ is pure: its own files, the shared vocabulary and errors, zod and RE2. */
const ALLOWED = [
  /^\.\/[a-z-]+\.js$/,
  /^\.\.\/core\/[a-z-]+\.js$/,
  /^\.\.\/errors\.js$/,
  /^zod$/,
  /^re2-wasm$/,
];

describe('src/qualify purity', () => {
  it('imports nothing that does I/O', () => {
    const offending: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(dir + file, 'utf8');
      for (const [, specifier = ''] of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        if (!ALLOWED.some((pattern) => pattern.test(specifier)))
          offending.push(`${file}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
