/**
 * Provider reply markers → category: the codes and help links that large mailbox
 * providers and filtering services put in their SMTP replies, as documented on their
 * postmaster pages. A marker names the verdict more precisely than the wording around
 * it ("rate limited" inside a reputation deferral), so these rows run before the phrase
 * table (phrases.ts) and weigh as decisive phrases. Add rows for marker families a
 * provider documents, never for one sample's string.
 */
import type { Category } from '../../core/vocabulary.js';

export interface ProviderMarker {
  provider: string;
  category: Category;
  /** Case-insensitive pattern over the collapsed diagnostic. */
  pattern: RegExp;
}

type Row = [provider: string, category: Category, source: string];

const rows: Row[] = [
  // Gmail / Google Workspace: every reply links https://support.google.com/mail/?p=<Name>;
  // the name is Google's own classification of the refusal.
  ['google', 'userunknown', String.raw`support\.google\.com/mail/\?p=NoSuchUser\b`],
  ['google', 'mailboxfull', String.raw`support\.google\.com/mail/\?p=OverQuota(?:Perm|Temp)?\b`],
  ['google', 'suspend', String.raw`support\.google\.com/mail/\?p=DisabledUser\b`],
  [
    'google',
    'ratelimited',
    String.raw`support\.google\.com/mail/\?p=(?:ReceivingRate(?:Perm)?|UnsolicitedRateLimitError)\b`,
  ],
  ['google', 'spamdetected', String.raw`support\.google\.com/mail/\?p=UnsolicitedMessageError\b`],
  ['google', 'blocked', String.raw`support\.google\.com/mail/\?p=NotAuthorizedError\b`],
  [
    'google',
    'authfailure',
    String.raw`support\.google\.com/mail/\?p=(?:DmarcRejection|UnauthenticatedEmail)\b|support\.google\.com/mail/answer/81126#authentication`,
  ],
  ['google', 'emailtoolarge', String.raw`support\.google\.com/mail/\?p=MsgSizeLimit\b`],
  ['google', 'notcompliantrfc', String.raw`support\.google\.com/mail/\?p=RfcMessageNonCompliant\b`],
  // Yahoo / AOL (senders.yahooinc.com/error-codes): TS/TSS deferrals are verdicts on the
  // sending IP's history and complaint rate, whatever "deferred" or "volume" says.
  ['yahoo', 'badreputation', String.raw`\[(?:TS0[1-3]|TSS0[49])\]`],
  // Outlook.com / Hotmail: "part of their network is on our block list (S3150)".
  ['microsoft', 'blocked', String.raw`\(S3(?:140|150)\)`],
  // Comcast (postmaster.comcast.net/smtp-error-codes.php): BLxxxxxx codes are blocklistings
  // of the sending IP, RLxxxxxx codes rate limits.
  ['comcast', 'blocked', String.raw`smtp-error-codes\.php#BL\d{6}`],
  ['comcast', 'ratelimited', String.raw`smtp-error-codes\.php#RL\d{6}`],
  // Exchange delivery restrictions: the recipient or group accepts only some senders
  // (RESOLVER.RST.NotAuthorized); size limits and authentication are named by their code.
  [
    'microsoft',
    'filtered',
    String.raw`RESOLVER\.RST\.(?:NotAuthorized|RestrictedToRecipientsPermission)\b`,
  ],
  // Proofpoint: "Blocked - see https://ipcheck.proofpoint.com/?ip=..." (IP reputation lookup).
  ['proofpoint', 'blocked', String.raw`ipcheck\.proofpoint\.com|proofpoint\.com/dnsbl-lookup`],
  // Mimecast (community.mimecast.com DOC-1369): a user's or a policy's blocked-senders entry
  // is the recipient side's own filter on this sender.
  [
    'mimecast',
    'filtered',
    String.raw`envelope blocked - user (?:domain )?entry|blocked senders - block policy`,
  ],
  // Barracuda Reputation Block List and Cloudmark Sender Intelligence judge the sending IP.
  ['barracuda', 'blocked', String.raw`barracudanetworks\.com/reputation|barracuda reputation`],
  ['cloudmark', 'blocked', String.raw`csi\.cloudmark\.com|cloudmark sender intelligence`],
  // Orange / Wanadoo (OFR…) and La Poste (LPN…) end each reply with a numbered code; 416 is
  // their "invalid recipient" (Adresse destinataire invalide), whatever command it follows.
  ['orange', 'userunknown', String.raw`\b(?:OFR|LPN)\d{0,3}_416\b`],
  // Cisco Secure Email (IronPort): the LDAP accept query's default refusal of a recipient.
  ['cisco', 'userunknown', String.raw`#5\.1\.0 address rejected`],
];

/** The compiled table, in priority order. */
export const PROVIDER_MARKERS: readonly ProviderMarker[] = rows.map(
  ([provider, category, source]) => ({
    provider,
    category,
    pattern: new RegExp(source, 'i'),
  }),
);

/** One pass over the text tells whether any marker is there at all (most replies have none). */
export const ANY_PROVIDER_MARKER = new RegExp(
  rows.map(([, , source]) => `(?:${source})`).join('|'),
  'i',
);
