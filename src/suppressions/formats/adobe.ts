/**
 * Adobe Campaign-style quarantine lists: the fields of a quarantine entry (address, channel,
 * status, error reason, error date, number of errors, error text) as its UI labels them,
 * e.g. "Address, Status, Error reason". Without a status a row is an entry of a "Denylisted
 * address" list — the reason the spec reserves for "importing data from external lists and
 * external systems into the Quarantine list" — so a one-column list of addresses reads too.
 * Reference: Adobe Campaign "Understanding quarantine management" (shared/spec in this project).
 */
import { pick, readChannel, readDate, readReason, readStatus } from './fields.js';
import type { ImportEntry, SuppressionFormat } from './types.js';

const ADDRESS_KEYS = ['address', 'email', 'emailaddress', 'phone', 'mobile'];
const DETAIL_KEYS = ['status', 'errorreason', 'reason', 'errortext', 'channel', 'numberoferrors'];

export const adobeFormat: SuppressionFormat = {
  name: 'adobe',
  detect: (keys) =>
    ADDRESS_KEYS.some((key) => keys.has(key)) &&
    (DETAIL_KEYS.some((key) => keys.has(key)) || keys.size === 1),
  read(values) {
    const address = pick(values, ...ADDRESS_KEYS);
    if (!address) return { error: 'no address' };
    const channelText = pick(values, 'channel', 'channeltype');
    const channel = readChannel(channelText);
    if (!channel) return { error: `unknown channel "${channelText ?? ''}"` };
    const statusText = pick(values, 'status');
    const status = statusText ? readStatus(statusText) : 'denylisted';
    if (!status) return { error: `unknown status "${statusText ?? ''}"` };
    const reasonText = pick(values, 'errorreason', 'reason');
    const reason = reasonText ? readReason(reasonText) : 'denylisted_address';
    if (!reason) return { error: `unknown reason "${reasonText ?? ''}"` };
    const dateText = pick(values, 'errordate', 'dateoferror', 'lasterror', 'date');
    const errorAt = readDate(dateText);
    if (errorAt === null) return { error: `unreadable date "${dateText ?? ''}"` };
    const countText = pick(values, 'numberoferrors', 'errors', 'errorcount');
    const errorCount = countText === undefined ? undefined : Number(countText);
    if (errorCount !== undefined && (!Number.isInteger(errorCount) || errorCount < 0)) {
      return { error: `number of errors "${countText}" is not a count` };
    }
    const errorText = pick(values, 'errortext', 'text');
    const entry: ImportEntry = {
      channel,
      address,
      status,
      reason,
      // A list of suppressions adds them; a row that sets Valid, With errors or Allowlisted
      // is staff's decision and is restored as given.
      exact: status !== 'quarantine' && status !== 'denylisted',
      ...(errorText !== undefined ? { errorText } : {}),
      ...(errorAt ? { errorAt } : {}),
      ...(errorCount !== undefined ? { errorCount } : {}),
    };
    return { entry };
  },
};
