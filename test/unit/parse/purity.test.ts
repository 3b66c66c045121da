import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PARSE_DIR = fileURLToPath(new URL('../../../src/parse/', import.meta.url));
const ALLOWED = /^(?:node:crypto|node:buffer|libmime|iconv-lite|\.{1,2}\/.*)$/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('src/parse is pure', () => {
  it('imports nothing that does I/O', () => {
    const offending: string[] = [];
    for (const file of sources(PARSE_DIR)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*import[^'"]*['"]([^'"]+)['"]/gm)) {
        const spec = m[1] ?? '';
        if (!ALLOWED.test(spec) || /\/(store|queue|intake|worker|api)\//.test(spec))
          offending.push(`${file}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
