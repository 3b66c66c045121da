import { describe, expect, it } from 'vitest';
import { decodeVerpAddress, encodeVerpAddress, parseMessage } from '../../../src/parse/index.js';
import { fixture } from './helpers.js';

const secret = 'test-secret';

describe('signed VERP addresses', () => {
  it('round-trips recipient and delivery id within 64 characters of local part', () => {
    const address = encodeVerpAddress({
      recipient: 'Alice.Smith@Example.com',
      deliveryId: '123456',
      domain: 'return.example.org',
      secret,
    });
    const local = address.slice(0, address.lastIndexOf('@'));
    expect(local.length).toBeLessThanOrEqual(64);
    expect(decodeVerpAddress(address, { secret })).toEqual({
      valid: true,
      recipient: 'alice.smith@example.com',
      deliveryId: '123456',
    });
  });

  it('encodes unusual recipients and ids as base32 and survives upper-casing by relays', () => {
    const address = encodeVerpAddress({
      recipient: 'jørgen@exämple.no',
      deliveryId: 'd/42',
      domain: 'r.example.org',
      secret,
      prefix: 'b',
    });
    expect(address).toMatch(/^b\+[a-z0-9=.+_-]+@r\.example\.org$/);
    expect(decodeVerpAddress(address.toUpperCase(), { secret, prefix: 'b' })).toEqual({
      valid: true,
      recipient: 'jørgen@exämple.no',
      deliveryId: 'd/42',
    });
  });

  it('flags a token whose HMAC does not verify', () => {
    const address = encodeVerpAddress({
      recipient: 'a@example.com',
      deliveryId: '1',
      domain: 'r.example.org',
      secret,
    });
    const forged = address.replace('a=example.com', 'victim=example.com');
    expect(decodeVerpAddress(forged, { secret })).toEqual({ valid: false, reason: 'forged' });
    expect(decodeVerpAddress('someone@r.example.org', { secret })).toBeUndefined();
  });

  it('lets a valid token name the recipient over the text', async () => {
    const envelope = encodeVerpAddress({
      recipient: 'zoe@example.com',
      deliveryId: '99',
      domain: 'return.example.org',
      secret,
    });
    const parsed = await parseMessage(fixture('qmail-text.eml'), {
      envelopeTo: [envelope],
      verp: { secret },
    });
    expect(parsed.deliveryId).toBe('99');
    expect(parsed.results.map((r) => r.recipient)).toEqual(['zoe@example.com']);
    expect(parsed.verpForged).toBeUndefined();
  });

  it('ignores a forged token and says so', async () => {
    const envelope = encodeVerpAddress({
      recipient: 'zoe@example.com',
      deliveryId: '99',
      domain: 'return.example.org',
      secret: 'other',
    });
    const parsed = await parseMessage(fixture('qmail-text.eml'), {
      envelopeTo: [envelope],
      verp: { secret },
    });
    expect(parsed.verpForged).toBe(true);
    expect(parsed.results[0]?.recipient).toBe('mallory@example.jp');
  });
});
