/**
 * A refusal sent as a Message Disposition Notification (RFC 8098 MDN, RFC 5429 Sieve
 * "reject"): multipart/report; report-type=disposition-notification whose Disposition
 * says the message was deleted or refused, or a report marked "Auto-Submitted:
 * auto-replied (rejected)". The recipient's own filter refused the message after it was
 * delivered to the mailbox's store: `filtered` (RFC 5429 §2.1 — the reason is free text
 * the user wrote, not a verdict on the address). A read receipt ("displayed") is not one.
 */
import type { Mail } from '../mail.js';
import { parseHeaderBlock } from '../mime/headers.js';
import { dsnAddress } from '../text/address.js';
import { reportRegion } from '../text/report-region.js';
import type { DraftResult, Reader } from './types.js';

/** Disposition types (RFC 8098 §3.2.6) that mean the message was not kept. */
const REFUSED_DISPOSITION = /;\s*(?:deleted|denied|rejected|failed)\b|\/(?:deleted|denied|failed)/i;

function refusedByFilter(mail: Mail, disposition: string | undefined): boolean {
  if (/auto-replied\s*\(\s*rejected\s*\)/i.test(mail.headers.raw('auto-submitted') ?? ''))
    return true;
  return REFUSED_DISPOSITION.test(disposition ?? '');
}

export const mdnRejectReader: Reader = {
  name: 'mdn-reject',
  read(mail) {
    if (mail.tree.params['report-type']?.toLowerCase() !== 'disposition-notification')
      return undefined;
    const part = mail.part('message/disposition-notification');
    const fields = part ? parseHeaderBlock(mail.text(part, 64 * 1024)) : undefined;
    const disposition = fields?.text('disposition');
    if (!refusedByFilter(mail, disposition)) return undefined;
    const recipient =
      dsnAddress(fields?.text('final-recipient')) ?? dsnAddress(fields?.text('original-recipient'));
    if (!recipient) return undefined;
    const reason = reportRegion(mail.body).replace(/\s+/g, ' ').trim().slice(0, 600);
    const draft: DraftResult = {
      recipient,
      action: 'failed',
      category: 'filtered',
      region: 'message/disposition-notification part',
    };
    if (reason) draft.diagnostic = reason;
    const reporting = fields?.text('reporting-ua')?.split(';')[0]?.trim();
    if (reporting) draft.reportingMta = reporting;
    return { kind: 'bounce', parser: 'mdn-reject', results: [draft] };
  },
};
