import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../src/quarantine/', import.meta.url));
const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

describe('src/quarantine is pure', () => {
  it.each(files)('%s imports only the policy and the core vocabulary', (name) => {
    const source = readFileSync(dir + name, 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    for (const specifier of imports) expect(specifier).toMatch(/^\.\/|^\.\.\/core\//);
  });

  it.each(files)('%s never reads the clock, the environment or randomness', (name) => {
    const source = readFileSync(dir + name, 'utf8');
    expect(source).not.toMatch(/Date\.now|new Date\(\)|performance\.now|process\.|Math\.random/);
  });
});
