import { describe, expect, it } from 'vitest';
import {
  createUnsubscribeLink,
  decodeUnsubscribeToken,
  encodeUnsubscribeToken,
} from '../../src/unsubscribe/unsubscribe-token.js';
import { decodeVerpAddress, encodeVerpAddress } from '../../src/parse/verp.js';

const SECRET = 'a-secret-of-sixteen+';

describe('one-click unsubscribe tokens', () => {
  it('carry recipient, service and delivery id, and survive lower-casing', () => {
    const token = encodeUnsubscribeToken(
      { recipient: 'Jane.Doe@example.org', service: 'News', deliveryId: 'D-1' },
      SECRET,
    );
    expect(token).toMatch(/^u1\.[a-z2-7]+\.[a-z2-7]{26}$/);
    expect(decodeUnsubscribeToken(token.toUpperCase(), SECRET)).toEqual({
      valid: true,
      target: { recipient: 'Jane.Doe@example.org', service: 'News', deliveryId: 'D-1' },
    });
  });

  it('refuses a token signed with another secret or with one character changed', () => {
    const token = encodeUnsubscribeToken({ recipient: 'a@example.org' }, SECRET);
    expect(decodeUnsubscribeToken(token, 'another-secret-16+')).toEqual({
      valid: false,
      reason: 'forged',
    });
    const flipped = token.slice(0, 5) + (token[5] === 'a' ? 'b' : 'a') + token.slice(6);
    expect(decodeUnsubscribeToken(flipped, SECRET).valid).toBe(false);
    expect(decodeUnsubscribeToken('u1.abc', SECRET)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('cannot pass for a VERP token signed with the same secret, nor the reverse', () => {
    const verp = encodeVerpAddress({
      recipient: 'a@example.org',
      deliveryId: '42',
      domain: 'bounces.example.test',
      secret: SECRET,
    });
    expect(decodeUnsubscribeToken(verp.slice(7, verp.indexOf('@')), SECRET).valid).toBe(false);
    const token = encodeUnsubscribeToken({ recipient: 'a@example.org' }, SECRET);
    expect(
      decodeVerpAddress(`bounce+${token}@bounces.example.test`, { secret: SECRET })?.valid,
    ).toBe(false);
  });

  it('builds the RFC 8058 headers around the link', () => {
    const link = createUnsubscribeLink({
      baseUrl: 'https://rebound.example.com/',
      secret: SECRET,
      recipient: 'a@example.org',
    });
    expect(link.url).toMatch(/^https:\/\/rebound\.example\.com\/u\/u1\./);
    expect(link.headers).toEqual({
      'List-Unsubscribe': `<${link.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
