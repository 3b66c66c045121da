/**
 * Sendmail without a DSN part (V5, old V8 configurations, Post.Office): "----- The
 * following addresses had permanent fatal errors -----" with the addresses alone on their
 * lines, and/or "----- Transcript of session follows -----" whose summary lines read
 * `550 <address>... reason`; then "----- Unsent message follows -----".
 */
import { ADDRESS_SOURCE } from '../text/address.js';
import { bodyMatches } from './detect.js';
import { recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

const SUMMARY_LINE = String.raw`[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}[ \t]+)?<?(${ADDRESS_SOURCE})>?\.\.\.`;
const ALONE = String.raw`[ \t]*<?(${ADDRESS_SOURCE})>?[ \t]*(?=\(|$)`;

export const sendmail: VendorFormat = {
  name: 'sendmail',
  detect: (mail) =>
    bodyMatches(
      mail,
      /(?<!-)-{3,} ?(?:The following addresses had (?:permanent fatal errors|transient non-fatal errors)|Transcript of session follows)/i,
    ),
  start: /^[^\S\n]*-{3,} ?(?:The following addresses|Transcript of session)/im,
  end: /^[^\S\n]*-{3,} ?(?:Unsent message follows|Original message follows|Returned message follows|Message header follows|Below this line)/im,
  recipients: recipientPattern(`^(?:${SUMMARY_LINE}|${ALONE})`),
  blockEnd: /^\s*(?:[245]\d\d[ -]|(?:\.\.\. )?while talking to|>>> |<<< |-{3,})/i,
};
