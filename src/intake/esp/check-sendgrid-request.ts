/** SendGrid's signed Event Webhook: signature and timestamp headers, then a JSON array. */
import type { KeyObject } from 'node:crypto';
import type { EspCheckOutcome, EspRequest } from './esp-request.js';
import { badSignature, invalidPayload, jsonOf, providerSettings } from './esp-request.js';
import { verifySendgridSignature } from './sendgrid-signature.js';
import { withinSignatureWindow } from './signature-window.js';

export function checkSendgridRequest(
  request: EspRequest,
  key: KeyObject | undefined,
  windowSeconds: number,
): EspCheckOutcome {
  const publicKey = providerSettings('sendgrid', key);
  const signature = request.header('x-twilio-email-event-webhook-signature');
  const timestamp = request.header('x-twilio-email-event-webhook-timestamp');
  if (!signature || !timestamp) throw badSignature('signature or timestamp header missing');
  if (!withinSignatureWindow(timestamp, request.now, windowSeconds))
    throw badSignature('the signed timestamp is outside ESP_SIGNATURE_WINDOW_SECONDS');
  if (!verifySendgridSignature(request.body, timestamp, signature, publicKey))
    throw badSignature('the SendGrid signature does not verify');
  if (!Array.isArray(jsonOf(request.body))) throw invalidPayload('not a JSON array of events');
  return { store: true };
}
