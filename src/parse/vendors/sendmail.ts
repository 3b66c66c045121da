/**
 * Sendmail without a DSN part (old V5/V8 configurations): "----- The following
 * addresses had permanent fatal errors -----", then "----- Transcript of session follows
 * -----" with the SMTP dialogue, then "----- Unsent message follows -----".
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const sendmail: VendorFormat = {
  name: 'sendmail',
  detect: (mail) =>
    bodyMatches(mail, /-{3,} ?(?:The following addresses had (?:permanent fatal errors|transient non-fatal errors)|Transcript of session follows)/i),
  start: /^\s*-{3,} ?(?:The following addresses|Transcript of session)/im,
  end: /^\s*-{3,} ?(?:Unsent message follows|Original message follows|Returned message follows|Message header follows|Below this line)/im,
};
