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
    const text = mail.ownParts.find((p) => p.type === 'text/plain' && /^Feedback-Type:/im.test(mail.text(p, 16 * 1024)));
    if (text) return parseHeaderBlock(mail.text(text, 64 * 1024).replace(/\n[ \t]*\n/g, '\n'));
  }
  return undefined;
}

/** The complainer: Original-Rcpt-To, Removal-Recipient, or the original's To. */
export function complaintRecipients(mail: Mail, fields?: HeaderList): string[] {
  const fromFields = [...(fields?.all('original-rcpt-to') ?? []), ...(fields?.all('removal-recipient') ?? [])]
    .flatMap((v) => findAllAddresses(v));
  if (fromFields.length > 0) return fromFields;
  const original = mail.originalHeaders;
  if (!original) return [];
  const hinted = original.all('x-hmxmroriginalrecipient').flatMap((v) => findAllAddresses(v));
  if (hinted.length > 0) return hinted;
  return findAllAddresses(original.all('to').join(', ')).slice(0, 1);
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
    const results: DraftResult[] = complaintRecipients(mail, fields).map((recipient) => {
      const d: DraftResult = { recipient, category: 'feedback', feedbackType: feedbackType || 'abuse' };
      if (userAgent) d.userAgent = userAgent;
      if (sourceIp) d.sourceIp = sourceIp;
      if (reportingMta) d.reportingMta = reportingMta;
      if (eventTime) d.eventTime = eventTime;
      return d;
    });
    return { kind: 'complaint', parser: 'arf', results, unknownReason: 'complaint without recipient (redacted)' };
  },
};
