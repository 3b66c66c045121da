/**
 * fml mailing-list manager notices (X-MLServer: fml): the list refused the post ("You are
 * not a member of this mailing list <list>", a loop alert naming the duplicated address).
 * The address in angle brackets before "Original mail as follows:" is the one concerned.
 */
import { headerMatches } from './detect.js';
import { ADDRESS_SOURCE } from '../text/address.js';
import { recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

const FML_NOTICE =
  /not a member|loop alert|duplicated message-id|rejected|denied|not (?:allowed|permitted)|size|too large|unknown command/i;

export const fml: VendorFormat = {
  name: 'fml',
  detect: (mail) =>
    (headerMatches(mail, 'x-mlserver', /\bfml\b/i) ||
      headerMatches(mail, 'x-ml-server', /\bfml\b/i)) &&
    (FML_NOTICE.test(mail.subject) || FML_NOTICE.test(mail.body.slice(0, 1024))),
  end: /^[^\S\n]*Original mail as follows:/im,
  recipients: recipientPattern(`<(${ADDRESS_SOURCE})>`),
};
