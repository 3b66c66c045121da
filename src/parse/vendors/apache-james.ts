/**
 * Apache James notices (the Bounce / NotifySender mailets, also behind Verizon's vtext
 * gateway): "Error message below:" with the remote reply, then "Message details:" listing
 * `MAIL FROM:` and one `RCPT TO:` line per failed recipient.
 */
import { bodyMatches } from './detect.js';
import { ADDR, recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

export const apacheJames: VendorFormat = {
  name: 'apache-james',
  detect: (mail) =>
    bodyMatches(mail, /^Message details:\s*$/m) && bodyMatches(mail, /^[^\S\n]*RCPT TO:/m),
  recipients: recipientPattern(String.raw`^[ \t]*RCPT TO:[ \t]*${ADDR}`),
  diagnostic:
    /^((?:Error:[^\n]*\n\s*)?Error message below:\s*\n[\s\S]*?)\n\s*\n\s*Message details:/m,
};
