/**
 * Gmail and Google Workspace text notices: "Delivery to the following recipient failed
 * permanently:", the address indented alone, then "Technical details of ... failure:".
 */
import { bodyMatches, fromMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const gmail: VendorFormat = {
  name: 'gmail',
  detect: (mail) =>
    fromMatches(mail, /mailer-daemon@(?:googlemail|gmail|google)\.com/i) &&
    bodyMatches(
      mail,
      /Delivery to the following recipients? (?:failed|has been delayed)|Technical details of|Your message wasn't delivered|Message not delivered|There was a (?:temporary )?problem delivering/i,
    ),
  start:
    /^(?:Delivery to the following|\*\* ?(?:Address not found|Message not delivered|Message blocked|Delivery incomplete)|Your message wasn't delivered|There was a)/im,
  end: /^-{3,} ?Original message ?-{3,}|^-{2,} ?Forwarded message/im,
};
