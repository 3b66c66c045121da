/**
 * The one error registry (src/error-codes.ts) against the code and the docs: every code used in
 * src/ is registered, every registered code is used and listed in README.md's error-code table.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, httpStatusOf } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const REGISTRY_FILE = join(SRC, 'error-codes.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const registered = Object.keys(ERROR_CODES);
const prefixes = new Set(registered.map((code) => code.split('_')[0]!));
// Environment variables share the look of codes (API_TOKEN, RULES_SOURCE_URL): config.ts's
// schema keys are names, not codes.
const envNames = new Set(
  [...readFileSync(join(SRC, 'config.ts'), 'utf8').matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map(
    (match) => match[1]!,
  ),
);

/** Every quoted STAGE_WORD literal in src/, by code, with the files using it. */
function codesUsedInSrc(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    if (file === REGISTRY_FILE) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`]/g)) {
      const code = match[1]!;
      if (!prefixes.has(code.split('_')[0]!) || envNames.has(code)) continue;
      used.set(code, [...new Set([...(used.get(code) ?? []), relative(ROOT, file)])]);
    }
  }
  return used;
}

/** The codes in the first column of README.md's "## Error codes" table. */
function codesInReadme(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)])
    .map((match) => match[1]!);
}

/** Each README row's code, HTTP status and retryable default. */
function rowsInReadme(): Array<{ code: string; status: number; retryable: boolean }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return {
        code: cells[1]!.replace(/`/g, ''),
        status: Number(cells[2]),
        retryable: cells[3] === 'yes',
      };
    });
}

describe('the error registry', () => {
  it('registers every code used in src/', () => {
    const missing = [...codesUsedInSrc()].filter(([code]) => !registered.includes(code));
    expect(
      missing.map(
        ([code, files]) =>
          `${code} (used in ${files.join(', ')}): add \`${code}: { status: 500, retryable: false },\`` +
          ' to ERROR_CODES in src/error-codes.ts (status = the HTTP answer if it reaches the API)',
      ),
    ).toEqual([]);
  });

  it('registers no code that src/ never uses', () => {
    const used = codesUsedInSrc();
    const unused = registered.filter((code) => !used.has(code));
    expect(
      unused.map((code) => `${code}: used nowhere in src/, remove it from src/error-codes.ts`),
    ).toEqual([]);
  });

  it("is listed in full in README.md's error-code table", () => {
    const listed = codesInReadme();
    expect(listed.length).toBeGreaterThan(10);
    const missing = registered.filter((code) => !listed.includes(code));
    expect(
      missing.map(
        (code) =>
          `${code}: add a row "| \`${code}\` | where | meaning |" to README.md's "## Error codes"` +
          ` table (it answers HTTP ${httpStatusOf(code)})`,
      ),
    ).toEqual([]);
    const unknown = listed.filter((code) => !registered.includes(code));
    expect(unknown.map((code) => `${code}: in README.md but not in src/error-codes.ts`)).toEqual(
      [],
    );
  });

  it("agrees with README.md's table on each code's HTTP status and retryable default", () => {
    const rows = rowsInReadme();
    expect(rows.length).toBe(registered.length);
    const disagreeing = rows.filter((row) => {
      const spec = ERROR_CODES[row.code as keyof typeof ERROR_CODES];
      return !spec || spec.status !== row.status || spec.retryable !== row.retryable;
    });
    expect(
      disagreeing.map(
        (row) => `${row.code}: README says ${row.status}, retryable ${row.retryable}`,
      ),
    ).toEqual([]);
  });

  it('gives AppError its retryable default and the server its status', () => {
    expect(new AppError('QUEUE_UNAVAILABLE', 'x').retryable).toBe(true);
    expect(new AppError('QUEUE_UNAVAILABLE', 'x', { retryable: false }).retryable).toBe(false);
    expect(new AppError('API_BAD_REQUEST', 'x').retryable).toBe(false);
    expect(new AppError('NOT_REGISTERED_ANYWHERE', 'x').retryable).toBe(false);
    expect(httpStatusOf('API_NOT_FOUND')).toBe(404);
    expect(httpStatusOf('STORE_CONFLICT')).toBe(409);
    expect(httpStatusOf('toString')).toBe(500);
    expect(httpStatusOf('NOT_REGISTERED_ANYWHERE')).toBe(500);
  });
});
