import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// STYLE.md: parse/, qualify/ and quarantine/ import nothing that does I/O, and the policy
// never reads the clock. Each stage lists what it may import; anything else fails here.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

const STAGES: Array<{ dir: string; allowed: RegExp }> = [
  // Relative imports must stay inside parse/ or reach core/ and errors only.
  {
    dir: 'parse',
    allowed:
      /^(?:node:crypto|node:buffer|libmime|iconv-lite|\.\.?\/(?!.*\b(?:store|queue|intake|worker|api|cli|parse-pool)\/).*)$/,
  },
  {
    dir: 'qualify',
    allowed: /^(?:\.\/[a-z-]+\.js|\.\.\/core\/[a-z-]+\.js|\.\.\/errors\.js|zod|re2js)$/,
  },
  { dir: 'quarantine', allowed: /^(?:\.\/[a-z-]+\.js|\.\.\/core\/[a-z-]+\.js)$/ },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe.each(STAGES)('src/$dir is pure', ({ dir, allowed }) => {
  const files = sources(join(SRC, dir));

  it('imports nothing that does I/O', () => {
    const offending: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /(?:^\s*import|^\s*export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/gm,
      )) {
        const specifier = match[1] ?? match[2] ?? '';
        if (!allowed.test(specifier)) offending.push(`${relative(SRC, file)}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

describe('src/quarantine takes time as an input', () => {
  it('never reads the clock, the environment or randomness', () => {
    for (const file of sources(join(SRC, 'quarantine'))) {
      expect(readFileSync(file, 'utf8'), relative(SRC, file)).not.toMatch(
        /Date\.now|new Date\(\)|performance\.now|process\.|Math\.random/,
      );
    }
  });
});

// STYLE.md: only store/ runs SQL. Outside it nothing reaches the SQL layer (drivers, the query
// builder, the tables); intake reaches the spool through an interface and imports no store/.
const SQL_LAYER =
  /^(?:drizzle-orm(?:\/.*)?|pg|postgres|@electric-sql\/pglite|.*\/store\/schema\.js)$/;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:^\s*import|^\s*export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/gm,
    ),
  ].map((match) => match[1] ?? match[2] ?? '');
}

describe('only src/store runs SQL', () => {
  it('no file outside store/ imports a driver, the query builder or the tables', () => {
    const offending = sources(SRC)
      .filter((file) => !relative(SRC, file).startsWith('store/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => SQL_LAYER.test(specifier))
          .map((specifier) => `${relative(SRC, file)}: ${specifier}`),
      );
    expect(offending).toEqual([]);
  });

  it('intake imports nothing from store/', () => {
    const offending = sources(join(SRC, 'intake')).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /(?:^|\/)store\//.test(specifier))
        .map((specifier) => `${relative(SRC, file)}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
