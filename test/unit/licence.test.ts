/**
 * Rebound is Apache-2.0 (LICENSE). Every production dependency must be under a licence that lets
 * it be combined with and redistributed under Apache-2.0: the permissive ones below. The lockfile
 * records each package's declared licence, so a new dependency under anything else fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PERMISSIVE = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'Apache-2.0',
  'Unlicense',
]);

/** An SPDX expression is acceptable when one side of every OR is (a dual licence lets us pick). */
function acceptable(expression: string): boolean {
  return expression
    .replace(/[()]/g, '')
    .split(/\s+OR\s+/)
    .some((side) => side.split(/\s+AND\s+/).every((id) => PERMISSIVE.has(id.trim())));
}

describe('licences', () => {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { license?: string; dev?: boolean }>;
  };
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { license: string };

  it('declares the licence of LICENSE', () => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  it('ships only dependencies whose licences combine with Apache-2.0', () => {
    const production = Object.entries(lock.packages).filter(([path, p]) => path && !p.dev);
    expect(production.length).toBeGreaterThan(20);
    const refused = production
      .filter(([, p]) => !acceptable(p.license ?? 'UNKNOWN'))
      .map(([path, p]) => `${path.replace(/.*node_modules\//, '')}: ${p.license ?? 'none'}`);
    expect(refused).toEqual([]);
  });

  it('reads SPDX expressions as a licensee would', () => {
    expect(acceptable('(MIT OR EUPL-1.1+)')).toBe(true);
    expect(acceptable('GPL-3.0-only')).toBe(false);
    expect(acceptable('MIT AND GPL-2.0')).toBe(false);
  });
});
