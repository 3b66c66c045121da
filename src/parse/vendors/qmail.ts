/**
 * qmail and its descendants (netqmail, Yahoo's old MTA, many ISPs): "Hi. This is the
 * qmail-send program", `<address>:` then the reason, "--- Below this line is a copy".
 */
import { bodyMatches, subjectMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const qmail: VendorFormat = {
  name: 'qmail',
  detect: (mail) =>
    bodyMatches(
      mail,
      /This is the qmail-send program|qmail-send|I'm afraid I wasn't able to deliver your message|I tried to deliver a bounce message|Below this line is a copy of the message/i,
    ) ||
    (subjectMatches(mail, /^failure notice$/i) && bodyMatches(mail, /^<[^>\s]+@[^>\s]+>:/m)),
  start: /^(?:I'm afraid|Sorry,|<[^>\s]+@[^>\s]+>:)/im,
  end: /^-{2,} Below this line is a copy of the message|^-{2,} Enclosed are the original headers/im,
};
