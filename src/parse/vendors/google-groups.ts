/**
 * Google Groups refusals: the group does not exist or the sender may not post. The
 * notice (in the sender's language) names the group in X-Failed-Recipients; the failure
 * is about the sender's rights, so it is `rejected`.
 */
import { findAllAddresses } from '../text/address.js';
import { bodyMatches, fromMatches, headerMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const googleGroups: VendorFormat = {
  name: 'google-groups',
  detect: (mail) =>
    fromMatches(mail, /mailer-daemon@(?:googlemail|google)\.com/i) &&
    (headerMatches(mail, 'x-failed-recipients', /@googlegroups\.com/i) ||
      bodyMatches(mail, /groups\.google\.com/i)),
  read(mail) {
    const groups = mail.headers.all('x-failed-recipients').flatMap((v) => findAllAddresses(v));
    const diagnostic = mail.body.replace(/\s+/g, ' ').trim().slice(0, 500);
    const results = groups.map((recipient) => ({
      recipient,
      action: 'failed',
      category: 'rejected' as const,
      diagnostic,
    }));
    return { kind: 'bounce', parser: 'vendor:google-groups', results };
  },
};
