/**
 * Apple Mail's one-click unsubscribe: a message sent to the List-Unsubscribe mailto:
 * address carrying `X-Apple-Unsubscribe: true`. The user asked to stop: a complaint
 * (feedback, opt-out) from the sender of the message.
 */
import { findAddress } from '../text/address.js';
import { headerMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const appleUnsubscribe: VendorFormat = {
  name: 'apple-unsubscribe',
  detect: (mail) => headerMatches(mail, 'x-apple-unsubscribe', /true|yes|1/i),
  read(mail) {
    const from =
      findAddress(mail.headers.raw('from') ?? '') ?? findAddress(mail.headers.raw('sender') ?? '');
    const results = from
      ? [
          {
            recipient: from,
            category: 'feedback' as const,
            feedbackType: 'opt-out',
            userAgent: 'Apple Mail',
          },
        ]
      : [];
    return { kind: 'complaint', parser: 'vendor:apple-unsubscribe', results };
  },
};
