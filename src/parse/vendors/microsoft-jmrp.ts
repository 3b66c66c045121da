/**
 * Microsoft JMRP (Junk Mail Reporting Program) complaints and similar non-ARF feedback
 * loops: "This is an email abuse report", the original attached as message/rfc822 with
 * X-HmXmrOriginalRecipient naming the complainer (Outlook.com, Hotmail).
 */
import { complaintRecipients } from '../readers/arf.js';
import { bodyMatches, fromMatches, subjectMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const microsoftJmrp: VendorFormat = {
  name: 'microsoft-jmrp',
  detect: (mail) =>
    Boolean(mail.originalHeaders?.has('x-hmxmroriginalrecipient')) ||
    (bodyMatches(mail, /This is an e-?mail abuse report|email abuse report for an email message/i) &&
      (fromMatches(mail, /hotmail|outlook|microsoft|msn\.com|live\.com/i) || subjectMatches(mail, /complaint about message/i))),
  read(mail) {
    const results = complaintRecipients(mail).map((recipient) => ({
      recipient,
      category: 'feedback' as const,
      feedbackType: 'abuse',
    }));
    return { kind: 'complaint', parser: 'vendor:microsoft-jmrp', results, unknownReason: 'complaint without recipient' };
  },
};
