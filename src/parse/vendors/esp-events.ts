/**
 * Event payloads of sending services (Postmark, SendGrid, Mailgun, SparkPost) that reach
 * the return path by mail: a webhook relayed to a mailbox, or a notice whose body is the
 * provider's JSON. Each provider's field names and its own bounce classes are data below;
 * the reply text, where the payload carries one, is classified like any other diagnostic.
 */
import type { Category, MessageKind } from '../../core/vocabulary.js';
import { classifyFailure } from '../categories/classify.js';
import { stripType } from '../readers/dsn-fields.js';
import type { DraftResult, ReaderOutput } from '../readers/types.js';
import { toIsoDate } from '../text/date.js';
import type { Mail } from '../mail.js';
import type { VendorFormat } from './types.js';

type Json = Record<string, unknown>;

/** One provider event, reduced to what a result needs. */
interface EspEvent {
  recipient?: string | undefined;
  /** bounce, delayed, complaint, delivered, unsubscribe, autoreply, or undefined to skip. */
  outcome: Outcome | undefined;
  diagnostic?: string | undefined;
  status?: string | undefined;
  /** The provider's own classification, used when the reply text names nothing. */
  category?: Category | undefined;
  time?: string | undefined;
}

export type Outcome =
  'failed' | 'delayed' | 'complaint' | 'delivered' | 'unsubscribe' | 'autoreply';

/** Postmark bounce types (postmarkapp.com developer docs, "Bounce types"). */
export const POSTMARK_TYPE: Readonly<Record<string, [Outcome, Category | undefined]>> = {
  HardBounce: ['failed', 'userunknown'],
  BadEmailAddress: ['failed', 'userunknown'],
  SoftBounce: ['delayed', undefined],
  Transient: ['delayed', undefined],
  DnsError: ['failed', 'hostunknown'],
  AddressChange: ['failed', 'hasmoved'],
  SpamNotification: ['failed', 'spamdetected'],
  VirusNotification: ['failed', 'virusdetected'],
  Blocked: ['failed', 'blocked'],
  DMARCPolicy: ['failed', 'authfailure'],
  ManuallyDeactivated: ['failed', 'suppressed'],
  SpamComplaint: ['complaint', 'feedback'],
  AutoResponder: ['autoreply', 'vacation'],
  ChallengeVerification: ['autoreply', 'vacation'],
  Unsubscribe: ['unsubscribe', 'feedback'],
};

/** SparkPost bounce classes (SparkPost docs, "Bounce classification codes"). */
const SPARKPOST_CLASS: Readonly<Record<string, Category>> = {
  '10': 'userunknown',
  '21': 'networkerror',
  '22': 'mailboxfull',
  '23': 'emailtoolarge',
  '24': 'expired',
  '25': 'suppressed',
  '26': 'suppressed',
  '50': 'blocked',
  '51': 'blocked',
  '52': 'spamdetected',
  '53': 'contenterror',
  '54': 'norelaying',
  '60': 'vacation',
  '100': 'vacation',
};

/** Mailgun failure reasons that say more than the reply (documentation, "Events"). */
export const MAILGUN_REASON: Readonly<Record<string, Category>> = {
  'suppress-bounce': 'suppressed',
  'suppress-complaint': 'suppressed',
  'suppress-unsubscribe': 'suppressed',
  old: 'expired',
};

const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;

function postmark(o: Json): EspEvent | undefined {
  const record = str(o['RecordType']);
  if (!record) return undefined;
  const type = str(o['Type']) ?? (record === 'SpamComplaint' ? 'SpamComplaint' : undefined);
  if (record === 'Delivery')
    return { recipient: str(o['Recipient']), outcome: 'delivered', diagnostic: str(o['Details']) };
  const [outcome, category] = POSTMARK_TYPE[type ?? ''] ?? ['failed', undefined];
  const time = str(o['BouncedAt']);
  return {
    recipient: str(o['Email']),
    outcome,
    diagnostic: stripType(str(o['Details'])),
    category,
    time,
  };
}

function sendgrid(o: Json): EspEvent | undefined {
  const event = str(o['event']);
  if (!event || !('sg_event_id' in o || 'sg_message_id' in o || 'smtp-id' in o)) return undefined;
  const outcome: Outcome | undefined =
    event === 'bounce' || event === 'dropped'
      ? 'failed'
      : event === 'deferred'
        ? 'delayed'
        : event === 'spamreport'
          ? 'complaint'
          : event === 'delivered'
            ? 'delivered'
            : event === 'unsubscribe' || event === 'group_unsubscribe'
              ? 'unsubscribe'
              : undefined;
  // "dropped" means SendGrid's own suppression lists kept the mail back.
  const category: Category | undefined =
    event === 'dropped' ? 'suppressed' : outcome === 'complaint' ? 'feedback' : undefined;
  const ts = str(o['timestamp']);
  const time = ts && /^\d+$/.test(ts) ? new Date(Number(ts) * 1000).toISOString() : undefined;
  return {
    recipient: str(o['email']),
    outcome,
    diagnostic: str(o['reason']) ?? str(o['response']),
    status: str(o['status']),
    category,
    time,
  };
}

function mailgun(o: Json): EspEvent | undefined {
  const e = obj(o['event-data']) ?? (str(o['event']) && 'recipient' in o ? o : undefined);
  if (!e) return undefined;
  const event = str(e['event']);
  const ds = obj(e['delivery-status']) ?? {};
  const outcome: Outcome | undefined =
    event === 'failed'
      ? str(e['severity']) === 'temporary'
        ? 'delayed'
        : 'failed'
      : event === 'complained'
        ? 'complaint'
        : event === 'delivered'
          ? 'delivered'
          : event === 'unsubscribed'
            ? 'unsubscribe'
            : undefined;
  const code = str(ds['code']);
  const message = str(ds['message']) ?? str(ds['description']);
  const diagnostic = message
    ? code && !message.startsWith(code)
      ? `${code} ${message}`
      : message
    : undefined;
  const category = outcome === 'complaint' ? 'feedback' : MAILGUN_REASON[str(e['reason']) ?? ''];
  const ts = str(e['timestamp']);
  const time =
    ts && /^\d+(?:\.\d+)?$/.test(ts) ? new Date(Number(ts) * 1000).toISOString() : undefined;
  return {
    recipient: str(e['recipient']),
    outcome,
    diagnostic,
    status: str(ds['enhanced-code']),
    category,
    time,
  };
}

function sparkpost(o: Json): EspEvent | undefined {
  const msys = obj(o['msys']);
  if (!msys) return undefined;
  const e =
    obj(msys['message_event']) ?? obj(msys['unsubscribe_event']) ?? obj(msys['relay_event']);
  if (!e) return undefined;
  const type = str(e['type']);
  const bounceClass = SPARKPOST_CLASS[str(e['bounce_class']) ?? ''];
  const outcome: Outcome | undefined =
    type === 'bounce' || type === 'out_of_band' || type === 'policy_rejection'
      ? bounceClass === 'vacation'
        ? 'autoreply'
        : 'failed'
      : type === 'delay'
        ? 'delayed'
        : type === 'spam_complaint'
          ? 'complaint'
          : type === 'delivery'
            ? 'delivered'
            : type === 'list_unsubscribe' || type === 'link_unsubscribe'
              ? 'unsubscribe'
              : undefined;
  const category = outcome === 'complaint' ? 'feedback' : bounceClass;
  const ts = str(e['timestamp']);
  const time = ts && /^\d+$/.test(ts) ? new Date(Number(ts) * 1000).toISOString() : undefined;
  return {
    recipient: str(e['rcpt_to']),
    outcome,
    diagnostic: str(e['raw_reason']) ?? str(e['reason']),
    category,
    time,
  };
}

const SHAPES = [postmark, sparkpost, mailgun, sendgrid];

/** The JSON value in the body: an object or an array of events, else undefined. */
function payload(body: string): unknown {
  const start = body.search(/[[{]/);
  const close = body[start] === '[' ? ']' : '}';
  const end = body.lastIndexOf(close);
  if (start < 0 || end <= start || end - start > 1_000_000) return undefined;
  try {
    return JSON.parse(body.slice(start, end + 1).replace(/\n /g, ' '));
  } catch {
    return undefined;
  }
}

function draft(e: EspEvent & { recipient: string; outcome: Outcome }): DraftResult {
  const action =
    e.outcome === 'failed' || e.outcome === 'delayed' || e.outcome === 'delivered'
      ? e.outcome
      : undefined;
  const d: DraftResult = { recipient: e.recipient };
  if (action) d.action = action;
  if (e.diagnostic) d.diagnostic = e.diagnostic;
  if (e.status) d.status = e.status;
  if (e.time) d.eventTime = toIsoDate(e.time) ?? e.time;
  if (e.outcome === 'complaint') Object.assign(d, { category: 'feedback', feedbackType: 'abuse' });
  else if (e.outcome === 'unsubscribe') d.category = 'feedback';
  else if (e.outcome === 'autoreply') d.category = 'vacation';
  else if (e.outcome === 'delivered') d.category = 'delivered';
  else if (e.category) {
    // The provider's class stands in when the reply text names nothing.
    const fromText =
      e.diagnostic || e.status
        ? classifyFailure({ diagnostic: e.diagnostic, status: e.status, action })
        : undefined;
    if (
      !fromText ||
      fromText === 'onhold' ||
      fromText === 'undefined' ||
      e.category === 'suppressed'
    )
      d.category = e.category;
  }
  return d;
}

function kindOf(outcomes: Outcome[]): MessageKind {
  const all = (o: Outcome) => outcomes.every((x) => x === o);
  if (all('complaint')) return 'complaint';
  if (all('delivered')) return 'delivered';
  if (all('unsubscribe')) return 'unsubscribe';
  if (all('autoreply')) return 'autoreply';
  return 'bounce';
}

/** The body as text, also when it is sent as application/json. */
function jsonBody(mail: Mail): string {
  const json = mail.part('application/json');
  return json ? mail.text(json, 1024 * 1024) : mail.body || mail.allText;
}

const EVENT_FIELD = /"(?:RecordType|sg_event_id|event-data|msys|delivery-status)"\s*:/;

export const espEvents: VendorFormat = {
  name: 'esp-events',
  detect: (mail) => EVENT_FIELD.test(jsonBody(mail).slice(0, 4096)),
  read(mail): ReaderOutput | undefined {
    const value = payload(jsonBody(mail));
    const items = (Array.isArray(value) ? value : [value])
      .map(obj)
      .filter((x): x is Json => x !== undefined);
    const events = items
      .map((o) =>
        SHAPES.reduce<EspEvent | undefined>((found, shape) => found ?? shape(o), undefined),
      )
      .filter((e): e is EspEvent & { recipient: string; outcome: Outcome } =>
        Boolean(e?.recipient && e.outcome),
      );
    if (events.length === 0) return undefined;
    return {
      kind: kindOf(events.map((e) => e.outcome)),
      parser: 'vendor:esp-events',
      results: events.map(draft),
    };
  },
};
