/**
 * Amazon SES event notifications delivered by e-mail (SES "email feedback forwarding"
 * JSON, or an SNS envelope whose "Message" holds it): Bounce, Complaint, Delivery.
 * Mail relays fold the long JSON line with "\n " (RFC 5322 §2.1.1 line limit), which
 * is undone before parsing.
 */
import type { Category } from '../../core/vocabulary.js';
import type { DraftResult, ReaderOutput } from '../readers/types.js';
import { stripType } from '../readers/dsn-fields.js';
import { toIsoDate } from '../text/date.js';
import type { VendorFormat } from './types.js';

type Json = Record<string, unknown>;

export const SES_BOUNCE_SUBTYPE: Readonly<Record<string, Category>> = {
  noemail: 'userunknown',
  suppressed: 'suppressed',
  onaccountsuppressionlist: 'suppressed',
  mailboxfull: 'mailboxfull',
  messagetoolarge: 'emailtoolarge',
  contentrejected: 'contenterror',
  attachmentrejected: 'contenterror',
};

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj).filter((x): x is Json => x !== undefined) : [];
}

const NOTIFICATION_KEY = /"notificationType"|\\"notificationType\\"|"eventType"/;

/** Undoes a relay's folding of the long JSON line. */
function unfold(text: string): string {
  return text.replace(/\n /g, '');
}

/** The SES notification object in the body, unwrapping an SNS envelope. */
export function sesNotification(body: string): Json | undefined {
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start || end - start > 1_000_000) return undefined;
  let parsed: Json | undefined;
  try {
    parsed = obj(JSON.parse(unfold(body.slice(start, end + 1))));
  } catch {
    return undefined;
  }
  const inner = str(parsed?.['Message']);
  if (inner) {
    try {
      parsed = obj(JSON.parse(inner));
    } catch {
      return undefined;
    }
  }
  return parsed;
}

function bounce(n: Json): ReaderOutput {
  const b = obj(n['bounce']) ?? {};
  const permanent = str(b['bounceType']) === 'Permanent';
  const sub = (str(b['bounceSubType']) ?? '').toLowerCase();
  const results = list(b['bouncedRecipients']).flatMap((r): DraftResult[] => {
    const recipient = str(r['emailAddress']);
    if (!recipient) return [];
    const d: DraftResult = {
      recipient,
      action: str(r['action']) ?? (permanent ? 'failed' : 'delayed'),
    };
    const status = str(r['status']);
    if (status) d.status = status;
    const diagnostic = stripType(str(r['diagnosticCode']));
    if (diagnostic) d.diagnostic = diagnostic;
    const mta = stripType(str(b['reportingMTA']));
    if (mta) d.reportingMta = mta;
    const time = toIsoDate(str(b['timestamp']));
    if (time) d.eventTime = time;
    const category = SES_BOUNCE_SUBTYPE[sub];
    if (category && !diagnostic) d.category = category;
    return [d];
  });
  return { kind: 'bounce', parser: 'vendor:amazon-ses', results };
}

function complaint(n: Json): ReaderOutput {
  const c = obj(n['complaint']) ?? {};
  const results = list(c['complainedRecipients']).flatMap((r): DraftResult[] => {
    const recipient = str(r['emailAddress']);
    if (!recipient) return [];
    const d: DraftResult = {
      recipient,
      category: 'feedback',
      feedbackType: str(c['complaintFeedbackType']) ?? 'abuse',
    };
    const ua = str(c['userAgent']);
    if (ua) d.userAgent = ua;
    const time = toIsoDate(str(c['arrivalDate']) ?? str(c['timestamp']));
    if (time) d.eventTime = time;
    return [d];
  });
  return { kind: 'complaint', parser: 'vendor:amazon-ses', results };
}

function delivery(n: Json): ReaderOutput {
  const d = obj(n['delivery']) ?? {};
  const recipients = Array.isArray(d['recipients'])
    ? d['recipients'].filter((x): x is string => typeof x === 'string')
    : [];
  const smtp = str(d['smtpResponse']);
  const results = recipients.map((recipient): DraftResult => {
    const r: DraftResult = { recipient, action: 'delivered', category: 'delivered' };
    if (smtp) r.diagnostic = smtp;
    const mta = str(d['reportingMTA']);
    if (mta) r.reportingMta = mta;
    return r;
  });
  return { kind: 'delivered', parser: 'vendor:amazon-ses', results };
}

export const amazonSesNotification: VendorFormat = {
  name: 'amazon-ses',
  // A fold can fall inside the key itself: unfold before looking for it.
  detect: (mail) => NOTIFICATION_KEY.test(unfold((mail.body || mail.allText).slice(0, 4096))),
  read(mail) {
    const n = sesNotification(mail.body || mail.allText);
    if (!n) return undefined;
    const type = str(n['notificationType']) ?? str(n['eventType']);
    if (type === 'Bounce') return bounce(n);
    if (type === 'Complaint') return complaint(n);
    if (type === 'Delivery') return delivery(n);
    return undefined;
  },
};
