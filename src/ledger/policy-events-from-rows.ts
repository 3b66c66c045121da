/** Rebuilds policy events from stored event rows, for an order-independent replay. */
import type { DeliveryEventRow } from '../store/event-repository.js';
import type { ReplayEvent } from '../quarantine/event-order.js';
import type { AddressStatus, FailureType, Reason } from '../core/vocabulary.js';
import { actorOfManualRow } from './manual-event-row.js';

/**
 * The replay event of a stored row: failures, complaints, deliveries, staff decisions
 * (`manual`) and cleanup runs (`cleanup`, re-planned at their time). Rows that never touch
 * the address record (unsubscribes, unqualified events) give `undefined`.
 */
export function policyEventFromRow(
  row: DeliveryEventRow,
): (ReplayEvent & { eventId: string }) | undefined {
  const common = {
    at: row.eventTime,
    eventId: String(row.id),
    ...(row.deliveryId ? { deliveryId: row.deliveryId } : {}),
  };
  switch (row.kind) {
    case 'complaint':
      return { kind: 'complaint', ...common, ...(row.diagnostic ? { text: row.diagnostic } : {}) };
    case 'delivered':
      return { kind: 'delivered', ...common };
    case 'cleanup':
      return { kind: 'cleanup', at: row.eventTime, eventId: String(row.id) };
    case 'unsubscribe':
      return undefined;
    case 'manual':
      return {
        kind: 'manual',
        at: row.eventTime,
        eventId: String(row.id),
        status: (row.status ?? 'valid') as AddressStatus,
        actor: actorOfManualRow(row),
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
