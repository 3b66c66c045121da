/**
 * "The following addresses had delivery problems": the Sendmail-derived template of
 * McAfee Email Gateway and of several Japanese ISPs (Biglobe...). The addresses stand
 * alone on their lines (McAfee adds the reply in parentheses); Biglobe follows with
 * "----- Non-delivered information -----" and the reason.
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const deliveryProblems: VendorFormat = {
  name: 'delivery-problems',
  detect: (mail) =>
    bodyMatches(mail, /^[^\S\n]*-{3,} ?The following addresses had delivery problems ?-{3,}/im),
  start: /^[^\S\n]*-{3,} ?The following addresses had delivery problems/im,
};
