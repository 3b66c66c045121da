/**
 * Novell/Micro Focus GroupWise: "The message that you sent was undeliverable to the
 * following:" with one `<address> (<reason>)` line each, or the older "Message status -
 * undeliverable" with "The attached file had the following undeliverable recipient(s):".
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

const MARKER =
  /was undeliverable to the following:|had the following undeliverable recipient\(s\):|Message status - undeliverable/i;

export const groupwise: VendorFormat = {
  name: 'groupwise',
  detect: (mail) => bodyMatches(mail, MARKER),
  start: MARKER,
  end: /^[^\S\n]*(?:Possible causes|Original message follows|-{3,} ?Original)/im,
};
