/**
 * README.md's "Log events" section is the list operators alert on: every `event:` name the
 * source logs must be in it, and it must not list names nothing logs any more.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('log events', () => {
  const logged = new Set<string>();
  for (const file of sources(join(REPO, 'src')))
    for (const line of readFileSync(file, 'utf8').split('\n'))
      if (/\bevent: /.test(line))
        // Also both names of `event: cond ? 'a.b' : 'a.c'`.
        for (const match of line.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) logged.add(match[1]!);
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Log events'), readme.indexOf('## Development'));
  const listed = new Set([...section.matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)].map((m) => m[1]!));

  it('finds the events', () => {
    expect(logged.size).toBeGreaterThan(30);
  });

  it('lists in README.md every event the source logs', () => {
    expect([...logged].filter((event) => !listed.has(event)).sort()).toEqual([]);
  });

  it('lists no event that nothing logs', () => {
    expect([...listed].filter((event) => !logged.has(event)).sort()).toEqual([]);
  });
});
