/**
 * Trustwave/Marshal MailMarshal SMTP: "Your message: From: ... Subject: ...", "Could not be
 * delivered because of" with the reply, "The following recipients were affected:" with one
 * address per line, then "Additional Information" (Original Sender, Remote-MTA...).
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const mailmarshal: VendorFormat = {
  name: 'mailmarshal',
  detect: (mail) => bodyMatches(mail, /The following recipients were affected:/i),
  start: /The following recipients were affected:/i,
  end: /^[^\S\n]*Additional Information\s*$/m,
  diagnostic: /Could not be delivered because of[^\S\n]*\n\s*([^\n]+)/i,
};
