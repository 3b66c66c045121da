/**
 * RFC 3463 status code → category, by subject.detail (RFC 3463 §3, RFC 7372, RFC 7505,
 * RFC 8601 §6, and the IANA "Enumerated Status Codes" registry). Only codes whose meaning
 * is specific enough to name a category are listed; X.0.0-style codes are left to the text.
 */
import type { Category } from '../../core/vocabulary.js';

const BY_SUBJECT_DETAIL: Readonly<Record<string, Category>> = {
  '1.1': 'userunknown', // bad destination mailbox address
  '1.2': 'hostunknown', // bad destination system address
  '1.3': 'userunknown', // bad destination mailbox address syntax
  '1.4': 'userunknown', // destination mailbox address ambiguous
  '1.6': 'hasmoved', // destination mailbox has moved, no forwarding address
  '1.7': 'rejected', // bad sender's mailbox address syntax
  '1.8': 'rejected', // bad sender's system address
  // RFC 7505 assigns X.1.10 to null MX, but Microsoft 365 sends it for every unknown
  // recipient (RESOLVER.ADR.RecipientNotFound); a real null MX says so in the text.
  '1.10': 'userunknown',
  '2.1': 'suspend', // mailbox disabled, not accepting messages
  '2.2': 'mailboxfull', // mailbox full
  '2.3': 'emailtoolarge', // message length exceeds administrative limit
  '2.4': 'systemerror', // mailing list expansion problem
  '3.1': 'systemfull', // mail system full
  '3.2': 'notaccept', // system not accepting network messages
  '3.3': 'systemerror', // system not capable of selected features
  '3.4': 'emailtoolarge', // message too big for system
  '3.5': 'systemerror', // system incorrectly configured
  '4.0': 'networkerror',
  '4.1': 'networkerror', // no answer from host
  '4.2': 'networkerror', // bad connection
  '4.3': 'networkerror', // directory server failure
  '4.4': 'hostunknown', // unable to route
  '4.5': 'systemerror', // mail system congestion
  '4.6': 'networkerror', // routing loop detected
  '4.7': 'expired', // delivery time expired
  '5.1': 'syntaxerror', // invalid command
  '5.2': 'syntaxerror', // syntax error
  '5.3': 'ratelimited', // too many recipients
  '5.4': 'syntaxerror', // invalid command arguments
  '5.5': 'syntaxerror', // wrong protocol version
  '5.6': 'syntaxerror', // RFC 3030 chunking
  '6.0': 'contenterror',
  '6.1': 'contenterror', // media not supported
  '6.2': 'contenterror', // conversion required and prohibited
  '6.3': 'contenterror',
  '6.4': 'contenterror',
  '6.5': 'contenterror',
  '6.6': 'contenterror',
  '6.7': 'contenterror', // RFC 6531 non-ASCII addresses not permitted
  '6.8': 'contenterror',
  '6.9': 'contenterror',
  '6.10': 'contenterror',
  '7.2': 'policyviolation', // mailing list expansion prohibited
  '7.3': 'securityerror', // security conversion required
  '7.4': 'securityerror', // security features not supported
  '7.5': 'securityerror', // cryptographic failure
  '7.6': 'securityerror', // cryptographic algorithm not supported
  '7.7': 'securityerror', // message integrity failure
  '7.8': 'securityerror', // authentication credentials invalid
  '7.9': 'securityerror', // RFC 4954: authentication mechanism is too weak
  '7.10': 'failedstarttls', // encryption needed
  '7.11': 'failedstarttls', // encryption required for requested authentication mechanism
  '7.13': 'suspend', // user account disabled
  '7.14': 'securityerror', // trust relationship required
  '7.15': 'policyviolation', // RFC 6710 priority level
  '7.16': 'emailtoolarge', // message too big for specified priority
  '7.17': 'expired', // mailbox owner has changed
  '7.18': 'hasmoved', // domain owner has changed
  '7.19': 'rejected', // RRVS test cannot be completed
  '7.20': 'authfailure', // RFC 7372: no passing DKIM signature found
  '7.21': 'authfailure', // no acceptable DKIM signature found
  '7.22': 'authfailure', // no valid author-matched DKIM signature
  '7.23': 'authfailure', // SPF validation failed
  '7.24': 'authfailure', // SPF validation error
  '7.25': 'requireptr', // reverse DNS validation failed
  '7.26': 'authfailure', // multiple authentication checks failed
  '7.27': 'notaccept', // RFC 7505: sender address has null MX
  '7.28': 'spamdetected', // mail flood detected
  '7.29': 'authfailure', // RFC 8617 ARC validation failure
  '7.30': 'failedstarttls', // RFC 8689 REQUIRETLS support required
  // Exchange Online / Microsoft 365 codes (learn.microsoft.com, "Email non-delivery
  // reports and SMTP errors in Exchange Online"); ranges in MICROSOFT_RANGES below.
  '1.90': 'ratelimited', // daily recipient limit reached
  '2.121': 'ratelimited', // recipient's per-hour receive limit from this sender
  '2.122': 'ratelimited', // recipient's per-hour receive limit
  '7.57': 'securityerror', // client not authenticated to send anonymous mail
  '7.60': 'rejected', // client has no permission to send as this sender
  '7.64': 'norelaying', // TenantAttribution; relay access denied
  '7.124': 'filtered', // sender not in the group's allowed-senders list
  '7.133': 'filtered', // sender not authenticated for group
  '7.134': 'filtered', // sender not authenticated for mailbox
  '7.509': 'authfailure', // DMARC reject
  '7.510': 'securityerror', // recipient domain does not accept mail over IPv6
  '7.515': 'authfailure', // sender domain fails authentication requirements
  '7.520': 'policyviolation', // the organization does not allow external forwarding
  '7.650': 'badreputation', // temporarily rate limited due to IP reputation
  '7.651': 'badreputation', // temporarily rate limited due to IP reputation
  '7.708': 'badreputation', // traffic not accepted from this IP (low reputation)
};

/** Code families Exchange Online documents as one range: [subject, from, to, category]. */
const MICROSOFT_RANGES: ReadonlyArray<readonly [number, number, number, Category]> = [
  [7, 500, 699, 'blocked'], // 5.7.606-649 banned sending IP; 4.7.500-699 access denied, try later
  [7, 700, 750, 'blocked'], // tenant restrictions: unregistered domains, tenant over threshold
];

function byRange(status: string): Category | undefined {
  const [, subject, detail] = status.split('.').map(Number);
  for (const [s, from, to, category] of MICROSOFT_RANGES) {
    if (subject === s && detail !== undefined && detail >= from && detail <= to) return category;
  }
  return undefined;
}

/**
 * Codes too vague to name a category next to any phrase, but better than nothing when the
 * text names none: X.3.0 "other mail system status", X.7.0 "other security status" (in
 * practice a site policy refusal), X.7.1 "delivery not authorized, message refused".
 */
const FALLBACK_BY_SUBJECT_DETAIL: Readonly<Record<string, Category>> = {
  '3.0': 'systemerror',
  '7.0': 'policyviolation',
  '7.1': 'securityerror',
};

function subjectDetail(status: string): string {
  const parts = status.split('.');
  return `${Number(parts[1])}.${Number(parts[2])}`;
}

/** Category of an enhanced status code, or undefined when the code names none. */
export function categoryFromStatus(status: string | undefined): Category | undefined {
  if (!status) return undefined;
  if (status.startsWith('2.')) return 'delivered';
  return BY_SUBJECT_DETAIL[subjectDetail(status)] ?? byRange(status);
}

/** Category a vague code suggests when neither the text nor a precise code names one. */
export function fallbackCategoryFromStatus(status: string | undefined): Category | undefined {
  if (!status || status.startsWith('2.')) return undefined;
  return FALLBACK_BY_SUBJECT_DETAIL[subjectDetail(status)];
}
