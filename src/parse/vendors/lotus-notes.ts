/**
 * The older Lotus SMTP MTA (Notes 4/5): "------- Failure Reasons --------", the reason and
 * the address on the following lines, then "------- Returned Message --------".
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const lotusNotes: VendorFormat = {
  name: 'lotus-notes',
  detect: (mail) => bodyMatches(mail, /^-{3,} *Failure Reasons *-{3,}/m),
  start: /^-{3,} *Failure Reasons *-{3,}/m,
  end: /^-{3,} *Returned Message *-{3,}/m,
  diagnostic: /^-{3,} *Failure Reasons *-{3,}\s*\n\s*([^\n]+)/m,
};
