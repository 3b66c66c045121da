/**
 * No silent truncation (issue 15 item 5): a DSN keeps every recipient however many it names,
 * and an address with more than one `@` is invalid — never cut to its last part.
 */
import { describe, expect, it } from 'vitest';
import { hasSingleAt } from '../../../src/core/address.js';
import { parseMessageSync } from '../../../src/parse/index.js';
import { findAllAddresses, dsnAddress } from '../../../src/parse/text/address.js';
import { buildDsn } from '../../helpers/build-dsn.js';

describe('a DSN with many recipients', () => {
  it('keeps all 5,000 of them', { timeout: 60_000 }, () => {
    const recipients = Array.from({ length: 5000 }, (_, i) => ({
      address: `user${i}@example.net`,
      status: '5.1.1',
    }));
    const parsed = parseMessageSync(Buffer.from(buildDsn({ recipients })));
    expect(parsed.kind).toBe('bounce');
    expect(parsed.results).toHaveLength(5000);
    expect(parsed.results[4999]).toMatchObject({
      recipient: 'user4999@example.net',
      status: '5.1.1',
    });
  });
});

describe('an address with more than one @', () => {
  it('is not an address', () => {
    expect(hasSingleAt('a@b@c@example.org')).toBe(false);
    expect(hasSingleAt('a@example.org')).toBe(true);
    expect(hasSingleAt('"a@b"@example.org')).toBe(true);
    expect(hasSingleAt('@example.org')).toBe(false);
  });

  it('is never cut to its last part in text or in a DSN field', () => {
    expect(findAllAddresses('failed: a@b@c@example.org, ok@example.net')).toEqual([
      'ok@example.net',
    ]);
    expect(findAllAddresses('a@bb@cc@example.org')).toEqual([]);
    expect(dsnAddress('rfc822; a@b@c@example.org')).toBeUndefined();
    expect(dsnAddress('rfc822; user@example.org')).toBe('user@example.org');
  });

  it('gives no recipient from a DSN that names only such an address', () => {
    const dsn = buildDsn({ recipients: [{ address: 'a@b@c@example.org', status: '5.1.1' }] });
    const parsed = parseMessageSync(Buffer.from(dsn));
    expect(parsed.results.map((r) => r.recipient)).not.toContain('c@example.org');
    expect(parsed.results).toEqual([]);
  });

  it('keeps a quoted local part with an @ in it', () => {
    expect(dsnAddress('rfc822; "a@b"@example.org')).toBe('"a@b"@example.org');
  });
});
