/**
 * SendGrid's Signed Event Webhook (Twilio SendGrid docs, "Getting Started with the Event
 * Webhook Security Features"): an ECDSA P-256 / SHA-256 signature, base64 DER, of the
 * `X-Twilio-Email-Event-Webhook-Timestamp` value followed by the raw body, checked with the
 * verification key SendGrid shows (base64 of the DER SubjectPublicKeyInfo).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export function sendgridPublicKey(base64Der: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64Der, 'base64'), format: 'der', type: 'spki' });
}

export function verifySendgridSignature(
  body: Buffer,
  timestamp: string,
  signature: string,
  key: KeyObject,
): boolean {
  try {
    return verify(
      'sha256',
      Buffer.concat([Buffer.from(timestamp, 'utf8'), body]),
      key,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
