/**
 * DragonFly Mail Agent (dma): "There was an error delivering your mail to <address>."
 * then the remote reply, then "Message headers follow.".
 */
import { bodyMatches } from './detect.js';
import { ADDR, recipientPattern } from './patterns.js';
import type { VendorFormat } from './types.js';

export const dragonfly: VendorFormat = {
  name: 'dragonfly',
  detect: (mail) =>
    bodyMatches(
      mail,
      /This is the DragonFly Mail Agent|There was an error delivering your mail to/i,
    ),
  start: /^There was an error delivering your mail to/im,
  end: /^Message headers follow\./im,
  recipients: recipientPattern(String.raw`^There was an error delivering your mail to ${ADDR}\.?`),
};
