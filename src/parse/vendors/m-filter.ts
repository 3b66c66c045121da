/**
 * Digital Arts m-FILTER: a Japanese notice, the failed address alone on its line, then
 * "-------server message" (the reply), "-------SMTP command" and "-------original message".
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const mFilter: VendorFormat = {
  name: 'm-filter',
  detect: (mail) => bodyMatches(mail, /^-{5,}server message\s*$/m),
  end: /^-{5,}original (?:message|mail info)\s*$/m,
  // The reply and the refused command ("-------SMTP command\nDATA") together.
  diagnostic: /^-{5,}server message\s*\n([\s\S]*?)\n\s*-{5,}original (?:message|mail)/m,
};
