/**
 * Sun Java System / Oracle Communications Messaging Server: "This report relates to a
 * message you sent with the following header fields:", then "Your message cannot be
 * delivered to the following recipients:" with "Recipient address:" (often a source route,
 * `@relay:user@host`), "Original address:" and "Reason:" lines per recipient.
 */
import { ADDRESS_SOURCE } from '../text/address.js';
import { bodyMatches } from './detect.js';
import { recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

export const messagingServer: VendorFormat = {
  name: 'messaging-server',
  detect: (mail) =>
    bodyMatches(
      mail,
      /This report relates to a message you sent with the following header fields:/i,
    ),
  start:
    /^Your message (?:cannot be delivered|has been delayed|is being delayed) to the following recipients?:/im,
  // Original address names the mailbox as sent; the Recipient address may be routed.
  recipients: recipientPattern(String.raw`^[ \t]*Original address:[ \t]*<?(${ADDRESS_SOURCE})>?`),
};
