/**
 * RFC 5965 Abuse Reporting Format: a message/feedback-report part (§3) with
 * Feedback-Type, User-Agent, Source-IP, Original-Rcpt-To... Recipients are the
 * Original-Rcpt-To fields, else Removal-Recipient (RFC 6650 §3 opt-out reports), else
 * the To of the returned original (often redacted: then the report has no recipient
 * and the worker correlates by the original's Message-ID).
 */
import type { Mail } from '../mail.js';
import { parseHeaderBlock, type HeaderList } from '../mime/headers.js';
import { findAllAddresses } from '../text/address.js';
import { toIsoDate } from '../text/date.js';
import { stripType } from './dsn-fields.js';
import type { DraftResult, Reader } from './types.js';

function reportFields(mail: Mail): HeaderList | undefined {
  const part = mail.part('message/feedback-report');
  if (part) return parseHeaderBlock(mail.text(part, 64 * 1024).replace(/\n[ \t]*\n/g, '\n'));
  // Some FBLs send the report fields as text/plain inside multipart/report.
  if (mail.tree.params['report-type']?.toLowerCase() === 'feedback-report') {
    const text = mail.ownParts.find(
      (p) => p.type === 'text/plain' && /^Feedback-Type:/im.test(mail.text(p, 16 * 1024)),
    );
    if (text) return parseHeaderBlock(mail.text(text, 64 * 1024).replace(/\n[ \t]*\n/g, '\n'));
  }
  return undefined;
}

/**
 * A recipient the feedback provider blanked out: "redacted@isp", "xxxxx@isp", "****@isp"
 * (RFC 6590 redaction; Comcast, AOL and others replace the local part).
 */
const REDACTED_LOCAL =
  /^(?:x{2,}|\*+|#+|\.+|-+|redacted|removed|hidden|anonymi[sz]ed|privacy|undisclosed[\w.-]*|[0-9a-f]{32,64})$/i;

export function isRedacted(address: string): boolean {
  return (
    REDACTED_LOCAL.test(address.slice(0, address.lastIndexOf('@'))) || /redacted/i.test(address)
  );
}

/** Every address the report names for the complainer, best source first. */
function namedRecipients(mail: Mail, fields?: HeaderList): string[] {
  const fromFields = [
    ...(fields?.all('original-rcpt-to') ?? []),
    ...(fields?.all('removal-recipient') ?? []),
  ].flatMap((v) => findAllAddresses(v));
  if (fromFields.length > 0) return fromFields;
  // Hotmail's complaints name the complainer in X-HmXmrOriginalRecipient: on the attached
  // original (JMRP), or on the report itself when the old service forwarded the message.
  const original = mail.originalHeaders;
  const hinted = [...(original?.all('x-hmxmroriginalrecipient') ?? [])]
    .concat(mail.headers.all('x-hmxmroriginalrecipient'))
    .flatMap((v) => findAllAddresses(v));
  if (hinted.length > 0) return hinted;
  if (!original) return [];
  return findAllAddresses(original.all('to').join(', ')).slice(0, 1);
}

/**
 * The complainer: Original-Rcpt-To, Removal-Recipient, or the original's To; `redacted`
 * holds the placeholders a provider left instead (used only when a VERP return path does
 * not name the recipient either).
 */
export function complaintRecipients(
  mail: Mail,
  fields?: HeaderList,
): { recipients: string[]; redacted: string[] } {
  const named = namedRecipients(mail, fields);
  const recipients = named.filter((a) => !isRedacted(a));
  if (recipients.length > 0) return { recipients, redacted: [] };
  return { recipients, redacted: named.length > 0 ? named : providerPlaceholder(mail) };
}

/**
 * A provider that blanked the address out entirely ("To: <redacted>", no Original-Rcpt-To)
 * leaves no placeholder: the report still stands for one complainer, so it is counted
 * under `redacted@<the provider's domain>` (isRedacted says so downstream).
 */
function providerPlaceholder(mail: Mail): string[] {
  const from = findAllAddresses(mail.from)[0];
  const domain = from?.slice(from.lastIndexOf('@') + 1);
  return domain ? [`redacted@${domain}`] : [];
}

/**
 * Envelope senders of the reported message (the report's Original-Mail-From, the
 * original's Return-Path): a signed VERP token there still names the recipient when the
 * provider redacted every address (parse-message.ts decodes it).
 */
export function complaintReturnPaths(mail: Mail, fields?: HeaderList): string[] {
  const values = [
    ...(fields?.all('original-mail-from') ?? []),
    ...(mail.originalHeaders?.all('return-path') ?? []),
  ];
  return values.flatMap((v) => findAllAddresses(v));
}

export const arfReader: Reader = {
  name: 'arf',
  read(mail) {
    const fields = reportFields(mail);
    if (!fields) return undefined;
    const feedbackType = fields.text('feedback-type')?.trim().toLowerCase();
    const userAgent = fields.text('user-agent')?.trim();
    const sourceIp = fields.text('source-ip')?.trim();
    const reportingMta = stripType(fields.text('reporting-mta'));
    const eventTime = toIsoDate(fields.raw('arrival-date') ?? fields.raw('received-date'));
    const draft: Omit<DraftResult, 'recipient'> = {
      region: 'message/feedback-report part',
      category: 'feedback',
      feedbackType: feedbackType || 'abuse',
    };
    if (userAgent) draft.userAgent = userAgent;
    if (sourceIp) draft.sourceIp = sourceIp;
    if (reportingMta) draft.reportingMta = reportingMta;
    if (eventTime) draft.eventTime = eventTime;
    const named = complaintRecipients(mail, fields);
    const results: DraftResult[] = named.recipients.map((recipient) => ({ ...draft, recipient }));
    const redacted =
      results.length === 0
        ? { returnPaths: complaintReturnPaths(mail, fields), placeholders: named.redacted, draft }
        : undefined;
    return {
      kind: 'complaint',
      parser: 'arf',
      results,
      ...(redacted && { redacted }),
      unknownReason: 'complaint without recipient (redacted)',
    };
  },
};
