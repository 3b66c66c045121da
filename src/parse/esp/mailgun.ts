/**
 * Mailgun webhooks: one JSON object, `{signature, "event-data"}` (Mailgun docs, "Webhook
 * Payloads"). Read here: `failed` (`severity` permanent or temporary, `reason`, and the
 * remote reply in `delivery-status`), `complained`, `unsubscribed`, `delivered`. Mailgun
 * says an event's `id` is unique within a day only, so its key adds the event's timestamp.
 */
import type { DraftResult } from '../readers/types.js';
import { MAILGUN_REASON } from '../vendors/esp-events.js';
import type { EspEvent, EspReading } from './types.js';
import { correlationOf, obj, parseJson, str, unixToIso, type Json } from './json-fields.js';
import { withProviderCategory } from './provider-category.js';

export function readMailgunWebhook(raw: string): EspReading {
  const reading: EspReading = { provider: 'mailgun', events: [], skipped: 0 };
  const e = obj(obj(parseJson(raw))?.['event-data']);
  if (!e) return { ...reading, unknownReason: 'not a Mailgun webhook (no event-data)' };
  const event = readOne(e);
  return event ? { ...reading, events: [event] } : { ...reading, skipped: 1 };
}

function readOne(e: Json): EspEvent | undefined {
  const id = str(e['id']);
  const recipient = str(e['recipient']);
  const event = str(e['event']);
  if (!id || !recipient || !event) return undefined;
  const draft: DraftResult = { recipient };
  const time = unixToIso(e['timestamp']);
  if (time) draft.eventTime = time;
  const base = {
    id: `${id}:${str(e['timestamp']) ?? ''}`,
    draft,
    correlation: correlationOf(obj(e['user-variables'])),
  };
  switch (event) {
    case 'failed': {
      const severity = str(e['severity']) ?? 'permanent';
      const reason = str(e['reason']) ?? 'generic';
      const ds = obj(e['delivery-status']) ?? {};
      const code = str(ds['code']);
      const message = str(ds['message']) ?? str(ds['description']);
      draft.action = severity === 'temporary' ? 'delayed' : 'failed';
      draft.diagnostic = message
        ? code && !message.startsWith(code)
          ? `${code} ${message}`
          : message
        : `Mailgun ${severity} failure (${reason})`;
      const status = str(ds['enhanced-code']);
      if (status) draft.status = status;
      const mx = str(ds['mx-host']);
      if (mx) draft.remoteMta = mx;
      withProviderCategory(draft, MAILGUN_REASON[reason]);
      return { ...base, kind: 'bounce', providerType: `failed/${severity}/${reason}` };
    }
    case 'complained':
      Object.assign(draft, {
        category: 'feedback',
        feedbackType: 'abuse',
        diagnostic: 'Mailgun complaint',
      });
      return { ...base, kind: 'complaint', providerType: 'complained' };
    case 'unsubscribed':
      Object.assign(draft, { category: 'feedback', diagnostic: 'Mailgun unsubscribe' });
      return { ...base, kind: 'unsubscribe', providerType: 'unsubscribed' };
    case 'delivered': {
      Object.assign(draft, { action: 'delivered', category: 'delivered' });
      const message = str(obj(e['delivery-status'])?.['message']);
      if (message) draft.diagnostic = message;
      return { ...base, kind: 'delivered', providerType: 'delivered' };
    }
    default:
      return undefined;
  }
}
