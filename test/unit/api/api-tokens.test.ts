import { describe, expect, it } from 'vitest';
import {
  duplicateTokenProblems,
  hashApiToken,
  parseApiTokenEntries,
} from '../../../src/api/auth/api-tokens.js';
import { authenticate } from '../../../src/api/auth/authorize.js';
import { grants } from '../../../src/api/auth/scopes.js';

const TOKEN = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==';
const entry = (text: string) => ({ text, where: 'API_TOKENS entry 1' });

describe('API token entries', () => {
  it('parses name:scope+scope:token and keeps only the sha256', () => {
    const { tokens, problems } = parseApiTokenEntries([entry(` ops-ui : staff+check : ${TOKEN} `)]);
    expect(problems).toEqual([]);
    expect(tokens).toEqual([
      { name: 'ops-ui', scopes: ['staff', 'check'], sha256: hashApiToken(TOKEN) },
    ]);
    expect(JSON.stringify(tokens)).not.toContain(TOKEN);
    expect(tokens[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['no-colons', /not name:scope\+scope:token/],
    [`ops:staff`, /not name:scope\+scope:token/],
    [`ops:root:${TOKEN}`, /unknown scope "root"/],
    [`ops::${TOKEN}`, /unknown scope ""/],
    [`ops:staff:short`, /at least 16/],
    [`ops:staff:${TOKEN} with-space`, /may hold only/],
    [`ops:staff:${TOKEN}:more`, /may hold only/],
    [`:staff:${TOKEN}`, /name must be/],
    [`o p:staff:${TOKEN}`, /name must be/],
  ])('refuses %j without quoting the token', (text, problem) => {
    const { tokens, problems } = parseApiTokenEntries([entry(text)]);
    expect(tokens).toEqual([]);
    expect(problems.join('\n')).toMatch(problem);
    expect(problems.join('\n')).not.toContain(TOKEN);
    expect(problems.join('\n')).not.toContain('short');
  });

  it('refuses a name or a token used twice', () => {
    const { tokens } = parseApiTokenEntries([
      entry(`a:check:${TOKEN}`),
      entry(`a:staff:${TOKEN.slice(0, -2)}xy`),
      entry(`b:staff:${TOKEN}`),
    ]);
    const problems = duplicateTokenProblems(tokens);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/name "a" is used twice/);
    expect(problems.join('\n')).toMatch(/"a" and "b" have the same token/);
  });
});

describe('authenticate', () => {
  const known = [
    { name: 'one', scopes: ['check'] as const, digest: Buffer.from(hashApiToken(TOKEN), 'hex') },
    {
      name: 'two',
      scopes: ['admin'] as const,
      digest: Buffer.from(hashApiToken(`${TOKEN}2`), 'hex'),
    },
  ];

  it('names the caller of a valid bearer token, the scheme in any case', () => {
    expect(authenticate(`Bearer ${TOKEN}`, known)?.name).toBe('one');
    expect(authenticate(`bEaReR ${TOKEN}2`, known)?.name).toBe('two');
  });

  it.each([undefined, '', TOKEN, `Bearer ${TOKEN}3`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`])(
    'refuses %j',
    (header) => {
      expect(authenticate(header, known)).toBeUndefined();
    },
  );
});

describe('grants', () => {
  it('lets admin do everything and staff also check, nothing else', () => {
    expect(grants(['admin'], 'staff')).toBe(true);
    expect(grants(['admin'], 'intake')).toBe(true);
    expect(grants(['staff'], 'check')).toBe(true);
    expect(grants(['staff'], 'intake')).toBe(false);
    expect(grants(['staff'], 'admin')).toBe(false);
    expect(grants(['check'], 'staff')).toBe(false);
    expect(grants(['intake'], 'check')).toBe(false);
    expect(grants(['check', 'intake'], 'intake')).toBe(true);
    expect(grants([], 'check')).toBe(false);
  });
});
