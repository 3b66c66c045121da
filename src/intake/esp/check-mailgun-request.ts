/**
 * Mailgun: the HMAC of timestamp + token, the timestamp within the window, and the token not
 * used before with another body (its signature does not cover the body, so a captured token
 * must not vouch for a forged event).
 */
import { AppError } from '../../errors.js';
import { createHash } from 'node:crypto';
import type { EspCheckOutcome, EspRequest } from './esp-request.js';
import { badSignature, invalidPayload, isObject, jsonOf, providerSettings } from './esp-request.js';
import { verifyMailgunSignature } from './mailgun-signature.js';
import { withinSignatureWindow } from './signature-window.js';

export interface SignatureTokenUse {
  provider: string;
  token: string;
  bodySha256: string;
  at: Date;
  forgetBefore: Date;
}

export async function checkMailgunRequest(
  request: EspRequest,
  settings: { signingKey: string } | undefined,
  deps: {
    /** Records the token's use (the store's esp-token-repository): `replayed` with another body. */
    recordToken(use: SignatureTokenUse): Promise<'first' | 'same-body' | 'replayed'>;
    windowSeconds: number;
  },
): Promise<EspCheckOutcome> {
  const mailgun = providerSettings('mailgun', settings);
  const value = jsonOf(request.body);
  if (!isObject(value) || !isObject(value['event-data']))
    throw invalidPayload('not a Mailgun webhook (no event-data)');
  const sig = isObject(value['signature']) ? value['signature'] : {};
  const [timestamp, token, signature] = [sig['timestamp'], sig['token'], sig['signature']].map(
    (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : ''),
  ) as [string, string, string];
  if (!timestamp || !token || !signature) throw badSignature('signature fields missing');
  if (!withinSignatureWindow(timestamp, request.now, deps.windowSeconds))
    throw badSignature('the signed timestamp is outside ESP_SIGNATURE_WINDOW_SECONDS');
  if (!verifyMailgunSignature({ timestamp, token, signature }, mailgun.signingKey))
    throw badSignature('the Mailgun signature does not verify');
  const use = await deps.recordToken({
    provider: 'mailgun',
    token: token.slice(0, 200),
    bodySha256: createHash('sha256').update(request.body).digest('hex'),
    at: request.now,
    forgetBefore: new Date(request.now.getTime() - 2 * deps.windowSeconds * 1000),
  });
  if (use === 'replayed')
    throw new AppError('INTAKE_ESP_TOKEN_REPLAYED', 'this signature token was already used');
  return { store: true };
}
