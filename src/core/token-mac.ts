/**
 * The one home of Rebound's signed tokens (VERP return paths, one-click unsubscribe links):
 * lower-case RFC 4648 base32 and a truncated HMAC-SHA256 keyed with VERP_SECRET, compared in
 * constant time. Tokens travel in local parts and URLs, where case may change on the way
 * (RFC 5321 §2.4), so the MAC is computed over the lower-cased body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Buffer } from 'node:buffer';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 §6 base32, lower case, no padding. */
export function base32Encode(buf: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.toLowerCase()) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) return undefined;
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The first `chars` base32 characters (5 bits each) of HMAC-SHA256(secret, lower-case body). */
export function tokenMac(secret: string, body: string, chars: number): string {
  const digest = createHmac('sha256', secret).update(body.toLowerCase(), 'utf8').digest();
  return base32Encode(digest).slice(0, chars);
}

/** Whether `given` is the MAC of `body` (constant-time; case-insensitive like the body). */
export function tokenMacMatches(secret: string, body: string, given: string): boolean {
  const expected = tokenMac(secret, body, given.length);
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(expected);
  return given.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}
