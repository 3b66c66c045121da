/** Rebuilds policy events from stored event rows, for an order-independent replay. */
import type { DeliveryEventRow } from '../store/event-repository.js';
import type { PolicyEvent } from '../quarantine/types.js';
import type { AddressStatus, FailureType, Reason } from '../core/vocabulary.js';

export function policyEventFromRow(row: DeliveryEventRow): (PolicyEvent & { eventId: string }) | undefined {
  const common = { at: row.eventTime, eventId: String(row.id), ...(row.deliveryId ? { deliveryId: row.deliveryId } : {}) };
  switch (row.kind) {
    case 'complaint':
      return { kind: 'complaint', ...common, ...(row.diagnostic ? { text: row.diagnostic } : {}) };
    case 'delivered':
      return { kind: 'delivered', ...common };
    case 'manual':
      return {
        kind: 'manual',
        ...common,
        status: (row.status ?? 'valid') as AddressStatus,
        actor: row.remoteMta ?? 'staff',
        ...(row.reason ? { reason: row.reason as Reason } : {}),
        ...(row.diagnostic ? { text: row.diagnostic } : {}),
      };
    default:
      if (!row.failureType || !row.reason) return undefined;
      return {
        kind: 'failure',
        ...common,
        type: row.failureType as FailureType,
        reason: row.reason as Reason,
        ...(row.diagnostic ? { text: row.diagnostic } : {}),
      };
  }
}
