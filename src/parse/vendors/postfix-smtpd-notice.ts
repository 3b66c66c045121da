/**
 * Postfix's notice to the postmaster (notify_classes): "Postfix SMTP server: errors from
 * <client>", "Transcript of session follows." with ` In:` / ` Out:` lines. The recipient
 * is in ` In:  RCPT TO:<...>`; the failure is the first 4xx/5xx ` Out:` reply.
 */
import { bodyMatches, subjectMatches } from './detect.js';
import { ADDR, recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

export const postfixSmtpdNotice: VendorFormat = {
  name: 'postfix-smtpd-notice',
  detect: (mail) =>
    (subjectMatches(mail, /^Postfix SMTP server: errors from/i) ||
      bodyMatches(mail, /^ Out: 220 /m)) &&
    bodyMatches(mail, /^Transcript of session follows\./m),
  start: /^Transcript of session follows\./m,
  recipients: recipientPattern(String.raw`^ In:\s+RCPT TO:\s*${ADDR}`),
  diagnostic: /^ Out: ([45]\d\d[ -].*)$/m,
};
