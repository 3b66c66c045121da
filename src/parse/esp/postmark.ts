/**
 * Postmark webhooks, one JSON object per request (Postmark developer docs, "Bounce webhook",
 * "Spam complaint webhook", "Subscription change webhook", "Delivery webhook"): `RecordType`
 * Bounce (its `Type` one of Postmark's bounce types), SpamComplaint, SubscriptionChange,
 * Delivery. Bounces and complaints carry a numeric `ID`; a subscription change has none, so its
 * key is the recipient, the time and the direction of the change.
 */
import { stripType } from '../readers/dsn-fields.js';
import type { DraftResult } from '../readers/types.js';
import { POSTMARK_TYPE } from '../vendors/esp-events.js';
import type { EspEvent, EspReading } from './types.js';
import { correlationOf, isoOrUndefined, obj, parseJson, str, type Json } from './json-fields.js';
import { withProviderCategory } from './provider-category.js';

export function readPostmarkWebhook(raw: string): EspReading {
  const reading: EspReading = { provider: 'postmark', events: [], skipped: 0 };
  const o = obj(parseJson(raw));
  const record = str(o?.['RecordType']);
  if (!o || !record) return { ...reading, unknownReason: 'not a Postmark webhook (no RecordType)' };
  const event =
    record === 'Bounce' || record === 'SpamComplaint'
      ? bounce(o, record, exactId(raw, o['ID']))
      : record === 'SubscriptionChange'
        ? subscriptionChange(o)
        : record === 'Delivery'
          ? delivery(o)
          : undefined;
  return event ? { ...reading, events: [event] } : { ...reading, skipped: 1 };
}

/**
 * Postmark's bounce ids are 64-bit: past 2^53 JSON.parse rounds them, and two ids could meet.
 * The digits as written are taken instead, the first run of them that parses to the same number.
 */
function exactId(raw: string, parsed: unknown): string | undefined {
  if (typeof parsed !== 'number' || Number.isSafeInteger(parsed)) return str(parsed);
  for (const m of raw.matchAll(/"ID"\s*:\s*(\d{16,20})\b/g))
    if (Number(m[1]) === parsed) return m[1];
  return str(parsed);
}

function bounce(o: Json, record: string, id: string | undefined): EspEvent | undefined {
  const recipient = str(o['Email']);
  if (!id || !recipient) return undefined;
  const type = str(o['Type']) ?? (record === 'SpamComplaint' ? 'SpamComplaint' : 'Unknown');
  const [outcome, category] = POSTMARK_TYPE[type] ?? ['failed', undefined];
  const draft: DraftResult = { recipient };
  const time = isoOrUndefined(o['BouncedAt']);
  if (time) draft.eventTime = time;
  const details = stripType(str(o['Details']));
  draft.diagnostic = details ?? str(o['Description']) ?? `Postmark ${type}`;
  const base = { id, draft, providerType: type, correlation: correlationOf(obj(o['Metadata'])) };
  if (outcome === 'complaint') {
    Object.assign(draft, { category: 'feedback', feedbackType: 'abuse' });
    return { ...base, kind: 'complaint' };
  }
  if (outcome === 'unsubscribe') {
    draft.category = 'feedback';
    return { ...base, kind: 'unsubscribe' };
  }
  if (outcome === 'autoreply') {
    draft.category = 'vacation';
    return { ...base, kind: 'autoreply' };
  }
  draft.action = outcome === 'delayed' ? 'delayed' : 'failed';
  withProviderCategory(draft, category);
  return { ...base, kind: 'bounce' };
}

/**
 * A suppression says why Postmark stopped sending: a hard bounce (the address is
 * `suppressed`), a spam complaint, or a manual suppression — the recipient's own unsubscribe
 * when its origin is `Recipient`, the customer's or an admin's decision otherwise. A
 * reactivation (`SuppressSending: false`) changes nothing here: quarantines are never lifted
 * by another system.
 */
function subscriptionChange(o: Json): EspEvent | undefined {
  const recipient = str(o['Recipient']);
  if (!recipient || o['SuppressSending'] !== true) return undefined;
  const reason = str(o['SuppressionReason']) ?? 'ManualSuppression';
  const origin = str(o['Origin']) ?? 'Unknown';
  const changedAt = str(o['ChangedAt']) ?? '';
  const draft: DraftResult = {
    recipient,
    diagnostic: `Postmark suppressed sending: ${reason} (origin ${origin})`,
  };
  const time = isoOrUndefined(changedAt);
  if (time) draft.eventTime = time;
  const base = {
    id: `subscription:${recipient}:${changedAt}:suppress`,
    draft,
    providerType: `SubscriptionChange/${reason}`,
    correlation: correlationOf(obj(o['Metadata'])),
  };
  if (reason === 'SpamComplaint') {
    Object.assign(draft, { category: 'feedback', feedbackType: 'abuse' });
    return { ...base, kind: 'complaint' };
  }
  if (reason === 'ManualSuppression' && origin === 'Recipient') {
    draft.category = 'feedback';
    return { ...base, kind: 'unsubscribe' };
  }
  Object.assign(draft, { action: 'failed', category: 'suppressed' });
  return { ...base, kind: 'bounce' };
}

function delivery(o: Json): EspEvent | undefined {
  const recipient = str(o['Recipient']);
  const messageId = str(o['MessageID']);
  if (!recipient || !messageId) return undefined;
  const draft: DraftResult = { recipient, action: 'delivered', category: 'delivered' };
  const details = str(o['Details']);
  if (details) draft.diagnostic = details;
  const time = isoOrUndefined(o['DeliveredAt']);
  if (time) draft.eventTime = time;
  return {
    id: `delivery:${messageId}:${recipient}`,
    kind: 'delivered',
    draft,
    providerType: 'Delivery',
    correlation: correlationOf(obj(o['Metadata'])),
  };
}
