/**
 * The RFC 3463 code a failure implies when the bounce states none: non-standard bounces
 * often say only "user unknown". The class follows the reply code when there is one.
 */
import type { Category } from '../../core/vocabulary.js';

const DEFAULT_STATUS: Partial<Record<Category, string>> = {
  userunknown: '5.1.1',
  hostunknown: '5.1.2',
  hasmoved: '5.1.6',
  notaccept: '5.1.10',
  mailboxfull: '5.2.2',
  suspend: '5.2.1',
  emailtoolarge: '5.3.4',
  systemfull: '5.3.1',
  norelaying: '5.7.1',
  authfailure: '5.7.26',
  requireptr: '5.7.25',
  failedstarttls: '5.7.10',
  expired: '4.4.7',
  networkerror: '4.4.0',
  contenterror: '5.6.0',
  delivered: '2.0.0',
};

export function defaultStatusFor(
  category: Category,
  replyCode: string | undefined,
): string | undefined {
  const status = DEFAULT_STATUS[category];
  if (!status) return undefined;
  const cls = replyCode?.[0];
  if ((cls === '4' || cls === '5') && status[0] !== '2') return cls + status.slice(1);
  return status;
}
