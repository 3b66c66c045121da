/**
 * Postfix bounces read as text (when the DSN part is missing or says little):
 * "<address>: host mx[ip] said: 550 ... (in reply to RCPT TO command)".
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const postfix: VendorFormat = {
  name: 'postfix',
  detect: (mail) =>
    bodyMatches(
      mail,
      /This is the mail system at host|The Postfix program|I'm sorry to have to inform you that your message could not/i,
    ),
  start: /^(?:<[^>\s]+@[^>\s]+>|[^\s@<>]+@[^\s@<>]+)(?: \([^)]*\))?:/m,
};
