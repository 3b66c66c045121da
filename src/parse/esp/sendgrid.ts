/**
 * SendGrid's Event Webhook: a JSON array of events (Twilio SendGrid docs, "Event Webhook
 * Reference"), each with `sg_event_id`, `email`, `timestamp` (Unix seconds) and `event`.
 * Delivery events only: `bounce` (`type` bounce or blocked), `dropped`, `deferred`,
 * `delivered`; and `spamreport`, `unsubscribe`, `group_unsubscribe`. Custom args arrive as
 * top-level fields. Opens, clicks and `processed` are skipped.
 */
import type { DraftResult } from '../readers/types.js';
import type { EspEvent, EspReading } from './types.js';
import { correlationOf, obj, parseJson, str, unixToIso, type Json } from './json-fields.js';

/** `dropped` reasons that mean SendGrid already suppresses the address for a delivery problem. */
const SUPPRESSED_DROP = /bounced address|spam reporting address|invalid/i;

export function readSendgridWebhook(raw: string): EspReading {
  const reading: EspReading = { provider: 'sendgrid', events: [], skipped: 0 };
  const value = parseJson(raw);
  if (!Array.isArray(value)) return { ...reading, unknownReason: 'not a JSON array of events' };
  for (const item of value) {
    const event = obj(item);
    const read = event ? readOne(event) : undefined;
    if (read) reading.events.push(read);
    else reading.skipped++;
  }
  return reading;
}

function readOne(e: Json): EspEvent | undefined {
  const id = str(e['sg_event_id']);
  const recipient = str(e['email']);
  const event = str(e['event']);
  if (!id || !recipient || !event) return undefined;
  const draft: DraftResult = { recipient };
  const time = unixToIso(e['timestamp']);
  if (time) draft.eventTime = time;
  const correlation = correlationOf(e);
  const asm = str(e['asm_group_id']);
  const base = { id, draft, correlation };
  switch (event) {
    case 'bounce': {
      const type = str(e['type']) ?? 'bounce';
      failed(draft, e, 'failed');
      return { ...base, kind: 'bounce', providerType: `bounce/${type}` };
    }
    case 'deferred':
      failed(draft, e, 'delayed');
      return { ...base, kind: 'bounce', providerType: 'deferred' };
    case 'dropped': {
      const reason = str(e['reason']) ?? '';
      // Other drops (an unsubscribed address, a bad header) are about the sending, not the address.
      if (!SUPPRESSED_DROP.test(reason)) return undefined;
      Object.assign(draft, {
        action: 'failed',
        category: 'suppressed',
        diagnostic: `SendGrid dropped: ${reason}`,
      });
      return { ...base, kind: 'bounce', providerType: 'dropped' };
    }
    case 'delivered':
      Object.assign(draft, { action: 'delivered', category: 'delivered' });
      if (str(e['response'])) draft.diagnostic = str(e['response'])!;
      return { ...base, kind: 'delivered', providerType: 'delivered' };
    case 'spamreport':
      Object.assign(draft, {
        category: 'feedback',
        feedbackType: 'abuse',
        diagnostic: 'SendGrid spam report',
      });
      return { ...base, kind: 'complaint', providerType: 'spamreport' };
    case 'unsubscribe':
    case 'group_unsubscribe':
      Object.assign(draft, { category: 'feedback', diagnostic: `SendGrid ${event}` });
      return {
        ...base,
        correlation:
          asm && event === 'group_unsubscribe' ? { 'x-service': asm, ...correlation } : correlation,
        kind: 'unsubscribe',
        providerType: event,
      };
    default:
      return undefined;
  }
}

function failed(draft: DraftResult, e: Json, action: 'failed' | 'delayed'): void {
  draft.action = action;
  const text = str(e['reason']) ?? str(e['response']);
  draft.diagnostic = text ?? `SendGrid ${str(e['event'])}`;
  const status = str(e['status']);
  if (status) draft.status = status;
}
