/** Building records and audit entries: shared by the policy, cleanup and release. */
import type { AddressStatus, Channel, Reason } from '../core/vocabulary.js';
import type { AddressRecord, AuditEntry, PolicyOutcome } from './types.js';

/** Actor of every change the policy makes by itself (as opposed to a staff member). */
export const SYSTEM_ACTOR = 'system';

/** Why a status changed; stored in `AuditEntry.cause`. */
export type AuditCause =
  | 'hard_error'
  | 'soft_error'
  | 'soft_error_threshold'
  | 'counter_reset'
  | 'complaint'
  | 'delivered'
  | 'manual'
  | 'cleanup_delivered'
  | 'cleanup_error_age'
  | 'cleanup_mailbox_full'
  | 'release'
  | 'replay';

/** The identity of a record: one address on one channel. */
export interface AddressIdentity {
  address: string;
  channel: Channel;
}

/** A record for an address never seen before: Valid, no errors. */
export function newAddressRecord(identity: AddressIdentity, at: Date): AddressRecord {
  return {
    address: identity.address,
    channel: identity.channel,
    status: 'valid',
    errorCount: 0,
    updatedAt: at,
  };
}

/** Outcome of an event that changed nothing: the record is returned as it was. */
export function unchanged(record: AddressRecord): PolicyOutcome {
  return { record, changed: false };
}

/**
 * Outcome of a change. An audit entry is attached when the status or the reason changed, or
 * when `forceAudit` is set (manual edits are always audited).
 */
export function changedOutcome(
  before: AddressRecord | undefined,
  after: AddressRecord,
  cause: AuditCause,
  at: Date,
  actor: string = SYSTEM_ACTOR,
  forceAudit = false,
): PolicyOutcome {
  const fromStatus: AddressStatus | null = before?.status ?? null;
  // A missing record behaves as Valid: first seeing an address that stays Valid is no change.
  const statusChanged = (fromStatus ?? 'valid') !== after.status;
  const reasonChanged = after.status === 'quarantine' && before?.reason !== after.reason;
  const record = statusChanged ? { ...after, statusSince: at } : after;
  if (!forceAudit && !statusChanged && !reasonChanged) {
    return { record, changed: true };
  }
  return { record, changed: true, audit: auditEntry(record, fromStatus, cause, at, actor) };
}

function auditEntry(
  after: AddressRecord,
  fromStatus: AddressStatus | null,
  cause: AuditCause,
  at: Date,
  actor: string,
): AuditEntry {
  const reason: Reason | undefined = after.reason;
  return {
    address: after.address,
    channel: after.channel,
    fromStatus,
    toStatus: after.status,
    ...(reason !== undefined ? { reason } : {}),
    cause,
    at,
    actor,
  };
}
