/**
 * Mailgun's webhook signature (Mailgun docs, "Securing webhooks"): the hex HMAC-SHA256, keyed
 * with the HTTP webhook signing key, of `timestamp` followed by `token`, all three in the
 * body's `signature` object. The body itself is not covered, hence the token replay check
 * (esp-token-repository.ts) and the timestamp window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface MailgunSignature {
  timestamp: string;
  token: string;
  signature: string;
}

export function verifyMailgunSignature(sig: MailgunSignature, signingKey: string): boolean {
  const expected = createHmac('sha256', signingKey)
    .update(sig.timestamp + sig.token)
    .digest();
  const given = Buffer.from(sig.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
