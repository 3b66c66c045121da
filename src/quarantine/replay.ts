/**
 * Order independence: the record of an address is a fold of its events in time order, so a
 * mailbox backlog, duplicates or out-of-order arrival give the record live order would have.
 */
import type { AddressRecord, AuditEntry, PolicyConfig } from './types.js';
import { type AddressIdentity, SYSTEM_ACTOR } from './audit.js';
import { applyQuarantinePolicy } from './apply-policy.js';
import { planCleanup } from './cleanup.js';
import { type ReplayEvent, orderEvents } from './event-order.js';
import { recordsEqual } from './record-equality.js';

/** The record rebuilt from an address's event log. */
export interface ReplayOutcome {
  /** The rebuilt record; `undefined` when no event ever changed anything. */
  record: AddressRecord | undefined;
  /** True when `record` differs from the `stored` record given to the replay. */
  changed: boolean;
  /**
   * One entry for the net change from `stored` to `record`, when the status or a quarantine's
   * reason differs (cause `replay`); the history of the live path was audited already.
   */
  audit?: AuditEntry;
  /** Every status change of the fold, in event order (for rebuilding an audit history). */
  history: AuditEntry[];
  /** Events dropped as duplicates. */
  duplicates: number;
}

/**
 * Rebuild the record of `identity` from all of its events, in any order, with duplicates:
 * events are sorted by time (ties broken by kind, then by a canonical text of the event),
 * duplicates are dropped (same `eventId`, or an identical event), and `applyQuarantinePolicy`
 * is folded from an empty record. `cleanup` events re-run `planCleanup` at their time.
 *
 * The worker calls this when an event is older than the stored record's `updatedAt`; pass the
 * stored record as `stored` to get `changed` and the net `audit`.
 */
export function replayAddressEvents(
  identity: AddressIdentity,
  events: readonly ReplayEvent[],
  config: PolicyConfig,
  stored?: AddressRecord,
): ReplayOutcome {
  const { ordered, duplicates } = orderEvents(events);
  let record: AddressRecord | undefined;
  const history: AuditEntry[] = [];
  for (const event of ordered) {
    if (event.kind === 'cleanup') {
      if (record === undefined) continue;
      const outcome = planCleanup(record, event.at, config);
      record = outcome.record;
      if (outcome.audit) history.push(outcome.audit);
      continue;
    }
    const outcome = applyQuarantinePolicy(record, identity, event, config);
    if (!outcome.changed) continue;
    record = outcome.record;
    if (outcome.audit) history.push(outcome.audit);
  }
  const changed = !recordsEqual(stored, record);
  const audit = changed ? netAudit(stored, record, ordered) : undefined;
  return { record, changed, ...(audit ? { audit } : {}), history, duplicates };
}

function netAudit(
  stored: AddressRecord | undefined,
  record: AddressRecord | undefined,
  ordered: readonly ReplayEvent[],
): AuditEntry | undefined {
  if (record === undefined) return undefined;
  const fromStatus = stored?.status ?? null;
  const sameStatus = (fromStatus ?? 'valid') === record.status;
  const sameReason = record.status !== 'quarantine' || stored?.reason === record.reason;
  if (sameStatus && sameReason) return undefined;
  const last = ordered[ordered.length - 1];
  return {
    address: record.address,
    channel: record.channel,
    fromStatus,
    toStatus: record.status,
    ...(record.reason !== undefined ? { reason: record.reason } : {}),
    cause: 'replay',
    at: last?.at ?? record.updatedAt,
    actor: SYSTEM_ACTOR,
  };
}
