/**
 * Rebound's own export (GET /api/addresses/export, `rebound export`): the columns of an
 * address entry in the API (README "Address entries"). A row is restored as it was exported,
 * so an export imported into an empty store gives the same list back.
 */
import { FAILURE_TYPES, type FailureType } from '../../core/vocabulary.js';
import { pick, readChannel, readDate, readReason, readStatus } from './fields.js';
import type { ImportEntry, SuppressionFormat } from './types.js';

export const reboundFormat: SuppressionFormat = {
  name: 'rebound',
  detect: (keys) =>
    keys.has('address') && keys.has('channel') && keys.has('status') && keys.has('errorcount'),
  read(values) {
    const address = pick(values, 'address');
    if (!address) return { error: 'no address' };
    const channel = readChannel(values.get('channel'));
    if (!channel) return { error: `unknown channel "${values.get('channel') ?? ''}"` };
    const status = readStatus(values.get('status') ?? '');
    if (!status) return { error: `unknown status "${values.get('status') ?? ''}"` };
    const reasonText = pick(values, 'reason');
    const reason = reasonText ? readReason(reasonText) : undefined;
    if (reasonText && !reason) return { error: `unknown reason "${reasonText}"` };
    const countText = pick(values, 'errorcount');
    const errorCount = countText === undefined ? 0 : Number(countText);
    if (!Number.isInteger(errorCount) || errorCount < 0) {
      return { error: `errorCount "${countText}" is not a count` };
    }
    const errorAt = readDate(pick(values, 'lasterrorat'));
    if (errorAt === null) return { error: `unreadable lastErrorAt "${values.get('lasterrorat')}"` };
    const firstErrorAt = readDate(pick(values, 'firsterrorat'));
    if (firstErrorAt === null)
      return { error: `unreadable firstErrorAt "${values.get('firsterrorat')}"` };
    const typeText = pick(values, 'type');
    if (typeText && !(FAILURE_TYPES as readonly string[]).includes(typeText)) {
      return { error: `unknown type "${typeText}"` };
    }
    const errorText = pick(values, 'errortext');
    const lastDeliveryId = pick(values, 'lastdeliveryid');
    const entry: ImportEntry = {
      channel,
      address,
      status,
      errorCount,
      exact: true,
      ...(reason ? { reason } : {}),
      ...(errorText !== undefined ? { errorText } : {}),
      ...(errorAt ? { errorAt } : {}),
      ...(firstErrorAt ? { firstErrorAt } : {}),
      ...(typeText ? { type: typeText as FailureType } : {}),
      ...(lastDeliveryId !== undefined ? { lastDeliveryId } : {}),
    };
    return { entry };
  },
};
