import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from '../../src/core/address.js';

describe('normalizeEmail', () => {
  it('lower-cases the domain and, by default, the local part', () => {
    expect(normalizeEmail('A.User@Example.ORG')).toBe('a.user@example.org');
  });
  it('keeps the local part when asked to', () => {
    expect(normalizeEmail('A.User@Example.ORG', { lowercaseLocalPart: false })).toBe(
      'A.User@example.org',
    );
  });
  it('strips angle brackets and the rfc822; prefix of DSN fields', () => {
    expect(normalizeEmail(' rfc822; <Bob@Example.com> ')).toBe('bob@example.com');
  });
  it('composes Unicode to NFC so two spellings are one address', () => {
    expect(normalizeEmail('jose\u0301@example.com')).toBe(normalizeEmail('jos\u00e9@example.com'));
  });
});

describe('normalizePhone', () => {
  it('keeps the plus and digits only', () => {
    expect(normalizePhone('+33 (6) 12-34.56.78')).toBe('+33612345678');
  });
  it('turns a 00 international prefix into +', () => {
    expect(normalizePhone('0033612345678')).toBe('+33612345678');
  });
});
