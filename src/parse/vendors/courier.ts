/**
 * The Courier mail server: "This is a delivery status notification from <host>, running
 * the Courier mail server", "UNDELIVERABLE MAIL" / "DELAYED MAIL", then `<address>:` with
 * the SMTP dialogue (">>> RCPT TO:", "<<< 550 ...") below it.
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const courier: VendorFormat = {
  name: 'courier',
  detect: (mail) => bodyMatches(mail, /running the Courier mail server|Courier mail server at/i),
  start:
    /^[^\S\n]*(?:UNDELIVERABLE MAIL|DELAYED MAIL)\s*$|^Your message to the following recipients cannot be delivered:/m,
};
