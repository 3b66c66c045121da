/**
 * Exchange 2000/2003 non-delivery reports: "Your message ... did not reach the following
 * recipient(s):", then `<address> on <date>` with the reason and the MSEXCH diagnostic
 * ("MSEXCH:IMS:...  (000C05A6) Unknown Recipient") on the indented lines below.
 */
import { ADDRESS_SOURCE } from '../text/address.js';
import { bodyMatches } from './detect.js';
import { recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

export const exchange2003: VendorFormat = {
  name: 'exchange-2003',
  detect: (mail) => bodyMatches(mail, /did not reach the following recipient\(s\):/i),
  start: /did not reach the following recipient\(s\):/i,
  recipients: recipientPattern(String.raw`^[ \t]*<?(${ADDRESS_SOURCE})>?[ \t]+on[ \t]+\S`),
};
