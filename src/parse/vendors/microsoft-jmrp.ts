/**
 * Microsoft JMRP (Junk Mail Reporting Program) complaints and similar non-ARF feedback
 * loops: "This is an email abuse report", the original attached as message/rfc822 with
 * X-HmXmrOriginalRecipient naming the complainer (Outlook.com, Hotmail).
 */
import { complaintRecipients, complaintReturnPaths } from '../readers/arf.js';
import { bodyMatches, fromMatches, subjectMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const microsoftJmrp: VendorFormat = {
  name: 'microsoft-jmrp',
  detect: (mail) =>
    Boolean(mail.originalHeaders?.has('x-hmxmroriginalrecipient')) ||
    mail.headers.has('x-hmxmroriginalrecipient') ||
    (bodyMatches(
      mail,
      /This is an e-?mail abuse report|email abuse report for an email message/i,
    ) &&
      (fromMatches(mail, /hotmail|outlook|microsoft|msn\.com|live\.com/i) ||
        subjectMatches(mail, /complaint about message/i))),
  read(mail) {
    const named = complaintRecipients(mail);
    const draft = { category: 'feedback' as const, feedbackType: 'abuse' };
    const results = named.recipients.map((recipient) => ({ ...draft, recipient }));
    const redacted =
      results.length === 0
        ? { returnPaths: complaintReturnPaths(mail), placeholders: named.redacted, draft }
        : undefined;
    return {
      kind: 'complaint',
      parser: 'vendor:microsoft-jmrp',
      results,
      ...(redacted && { redacted }),
      unknownReason: 'complaint without recipient',
    };
  },
};
