/**
 * au by KDDI (ezweb.ne.jp, au.com, dion.ne.jp): a short English notice, "Your mail sent
 * on: <date>", "Could not be delivered to: <address>", then the reason ("As their mailbox
 * is full."), and the original attached.
 */
import { bodyMatches, fromMatches, receivedMatches } from './detect.js';
import { ADDR, recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

export const auKddi: VendorFormat = {
  name: 'au-kddi',
  detect: (mail) =>
    bodyMatches(mail, /Could not be delivered to:/i) &&
    (bodyMatches(mail, /Your mail sent on:/i) ||
      fromMatches(mail, /[@.](?:ezweb\.ne\.jp|au\.com|dion\.ne\.jp|auone-net\.jp)\b/i) ||
      receivedMatches(mail, /\.(?:ezweb\.ne\.jp|au\.com|dion\.ne\.jp|auone-net\.jp)\b/i)),
  start: /^[^\S\n]*(?:Your mail sent on:|Could not be delivered to:)/im,
  recipients: recipientPattern(String.raw`Could not be delivered to:[ \t]*${ADDR}`),
};
