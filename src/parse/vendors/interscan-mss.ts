/**
 * Trend Micro InterScan Messaging Security Suite notices: the relay's own dialogue
 * ("Sent <<< RCPT TO:<address>" / "Received >>> 550 ...") or "Unable to deliver message to
 * <address>", between "****** Message from InterScan ..." and "*** End of message ***".
 */
import { ADDRESS_SOURCE } from '../text/address.js';
import { bodyMatches, fromMatches } from './detect.js';
import { recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

export const interscanMss: VendorFormat = {
  name: 'interscan-mss',
  detect: (mail) =>
    bodyMatches(mail, /^Sent <<< RCPT TO:|Message from InterScan Messaging Security Suite/m) ||
    (fromMatches(mail, /InterScan/i) &&
      bodyMatches(mail, /RCPT TO:|Unable to deliver message to/i)),
  recipients: recipientPattern(
    String.raw`(?:^Sent <<< RCPT TO:[ \t]*|Unable to deliver message to[ \t]+)<(${ADDRESS_SOURCE})>`,
  ),
  end: /^\*+ +End of message +\*+/m,
};
