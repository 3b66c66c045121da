/**
 * Amazon SES notifications delivered by SNS over HTTP(S): the stored body is the SNS envelope
 * (`Type: Notification`), whose `Message` is the SES notification JSON (SES Developer Guide,
 * "Amazon SNS notification contents": `notificationType` Bounce / Complaint / Delivery, or
 * `eventType` with event publishing). One notification may name several recipients; each is
 * one event, keyed by the notification's `feedbackId` (bounce, complaint) or the sent mail's
 * `messageId` (delivery), and the recipient.
 */
import { stripType } from '../readers/dsn-fields.js';
import type { DraftResult } from '../readers/types.js';
import { SES_BOUNCE_SUBTYPE } from '../vendors/amazon-ses-notification.js';
import type { EspEvent, EspReading } from './types.js';
import {
  correlationOf,
  isoOrUndefined,
  list,
  obj,
  parseJson,
  str,
  type Json,
} from './json-fields.js';

export function readSesWebhook(raw: string): EspReading {
  const reading: EspReading = { provider: 'ses', events: [], skipped: 0 };
  const envelope = obj(parseJson(raw));
  const message = str(envelope?.['Message']);
  if (!envelope || str(envelope['Type']) !== 'Notification' || !message)
    return { ...reading, unknownReason: 'not an SNS notification' };
  const notification = obj(parseJson(message));
  const type = str(notification?.['notificationType']) ?? str(notification?.['eventType']);
  if (!notification || !type)
    return { ...reading, unknownReason: 'the SNS message is not an SES notification' };
  const snsId = str(envelope['MessageId']) ?? 'sns';
  const mail = obj(notification['mail']) ?? {};
  const correlation = sesCorrelation(mail);
  const events =
    type === 'Bounce'
      ? bounces(obj(notification['bounce']) ?? {}, snsId)
      : type === 'Complaint'
        ? complaints(obj(notification['complaint']) ?? {}, snsId)
        : type === 'Delivery'
          ? deliveries(obj(notification['delivery']) ?? {}, str(mail['messageId']) ?? snsId)
          : undefined;
  if (!events) return { ...reading, skipped: 1 };
  return { ...reading, events: events.map((e) => ({ ...e, correlation })) };
}

type Drafted = Omit<EspEvent, 'correlation'>;

function bounces(bounce: Json, snsId: string): Drafted[] {
  const type = str(bounce['bounceType']) ?? 'Undetermined';
  const subType = str(bounce['bounceSubType']) ?? 'Undetermined';
  const permanent = type === 'Permanent';
  const feedbackId = str(bounce['feedbackId']) ?? snsId;
  const subCategory = SES_BOUNCE_SUBTYPE[subType.toLowerCase()];
  return list(bounce['bouncedRecipients']).flatMap((r): Drafted[] => {
    const recipient = str(r['emailAddress']);
    if (!recipient) return [];
    const diagnostic = stripType(str(r['diagnosticCode']));
    const draft: DraftResult = {
      recipient,
      action: str(r['action']) ?? (permanent ? 'failed' : 'delayed'),
      // Without the remote server's words, SES's own classification is the text to qualify.
      diagnostic: diagnostic ?? `Amazon SES ${type} bounce (${subType})`,
    };
    const status = str(r['status']);
    if (status) draft.status = status;
    const mta = stripType(str(bounce['reportingMTA']));
    if (mta) draft.reportingMta = mta;
    const time = isoOrUndefined(bounce['timestamp']);
    if (time) draft.eventTime = time;
    if (subCategory && (!diagnostic || subCategory === 'suppressed')) draft.category = subCategory;
    return [
      {
        id: `${feedbackId}:${recipient}`,
        kind: 'bounce',
        draft,
        providerType: `${type}/${subType}`,
      },
    ];
  });
}

function complaints(complaint: Json, snsId: string): Drafted[] {
  const feedbackId = str(complaint['feedbackId']) ?? snsId;
  const feedbackType = str(complaint['complaintFeedbackType']) ?? 'abuse';
  return list(complaint['complainedRecipients']).flatMap((r): Drafted[] => {
    const recipient = str(r['emailAddress']);
    if (!recipient) return [];
    const draft: DraftResult = {
      recipient,
      category: 'feedback',
      feedbackType,
      diagnostic: `Amazon SES complaint (${feedbackType})`,
    };
    const ua = str(complaint['userAgent']);
    if (ua) draft.userAgent = ua;
    const time = isoOrUndefined(complaint['arrivalDate']) ?? isoOrUndefined(complaint['timestamp']);
    if (time) draft.eventTime = time;
    return [
      {
        id: `${feedbackId}:${recipient}`,
        kind: 'complaint',
        draft,
        providerType: `Complaint/${feedbackType}`,
      },
    ];
  });
}

function deliveries(delivery: Json, messageId: string): Drafted[] {
  const recipients = Array.isArray(delivery['recipients']) ? delivery['recipients'] : [];
  const time = isoOrUndefined(delivery['timestamp']);
  return recipients.flatMap((value): Drafted[] => {
    const recipient = str(value);
    if (!recipient) return [];
    const draft: DraftResult = { recipient, action: 'delivered', category: 'delivered' };
    const response = str(delivery['smtpResponse']);
    if (response) draft.diagnostic = response;
    if (time) draft.eventTime = time;
    return [
      {
        id: `delivery:${messageId}:${recipient}`,
        kind: 'delivered',
        draft,
        providerType: 'Delivery',
      },
    ];
  });
}

/** The sent mail's headers (when SES includes them) and event-publishing tags. */
function sesCorrelation(mail: Json): Record<string, string> {
  const fields: Json = {};
  for (const header of list(mail['headers'])) {
    const name = str(header['name']);
    if (name) fields[name] = header['value'];
  }
  for (const [key, value] of Object.entries(obj(mail['tags']) ?? {})) fields[key] ??= value;
  return correlationOf(fields);
}
