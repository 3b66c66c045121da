/**
 * The notice of several Japanese ISP gateways (Biglobe, and others built on the same
 * Sendmail-derived template): "----- The following addresses had delivery problems -----",
 * the addresses alone on their lines, then "----- Non-delivered information -----" with
 * the reason.
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const japaneseIsp: VendorFormat = {
  name: 'japanese-isp',
  detect: (mail) => bodyMatches(mail, /^\s*-{3,} ?The following addresses had delivery problems ?-{3,}/im),
  start: /^\s*-{3,} ?The following addresses had delivery problems/im,
};
