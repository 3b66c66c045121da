/**
 * The quarantine policy: one event applied to one address record on one channel.
 * Pure — the event carries its own time; nothing here reads the clock.
 */
import type { AddressRecord, PolicyConfig, PolicyEvent, PolicyOutcome } from './types.js';
import { type AddressIdentity, changedOutcome, newAddressRecord, unchanged } from './audit.js';
import { applyHardError, applySoftError, clearErrorSeries } from './failure.js';
import { laterOf } from './time.js';

/**
 * Apply one event to the record of `identity` (`current` is `undefined` for an address never
 * seen). Returns the new record, whether anything changed (persist only when `changed`), and
 * an audit entry when the status or a quarantine's reason changed, or for any manual edit.
 *
 * - hard error: Quarantine at once, with reason and text;
 * - soft error: counts when significant; at `softErrorThreshold` → Quarantine;
 * - ignored error: nothing changes;
 * - complaint: Denylisted at once (this address on this channel only);
 * - delivered: records `lastDeliveredAt`, and With errors → Valid;
 * - manual: staff set the status, audited with the actor.
 *
 * Quarantine and Denylisted never leave by themselves (only a manual event, or the
 * Mailbox-full release of `planCleanup`). Allowlisted addresses ignore errors.
 *
 * Events should arrive in time order; when one is older than the record's `updatedAt`, use
 * `replayAddressEvents` over the address's whole event log instead.
 */
export function applyQuarantinePolicy(
  current: AddressRecord | undefined,
  identity: AddressIdentity,
  event: PolicyEvent,
  config: PolicyConfig,
): PolicyOutcome {
  const base = current ?? newAddressRecord(identity, event.at);
  switch (event.kind) {
    case 'failure':
      return applyFailure(current, base, event, config);
    case 'complaint':
      return applyComplaint(current, base, event);
    case 'delivered':
      return applyDelivered(current, base, event);
    case 'manual':
      return applyManual(current, base, event);
  }
}

function applyFailure(
  before: AddressRecord | undefined,
  base: AddressRecord,
  event: Extract<PolicyEvent, { kind: 'failure' }>,
  config: PolicyConfig,
): PolicyOutcome {
  // Ignored: "ignored errors do not send an address to quarantine" — and change nothing else.
  if (event.type === 'ignored') return unchanged(base);
  // Allowlisted: "The address is on the allowlist. The error is therefore ignored" (reason 25).
  // Denylisted: already the strongest exclusion; an error adds nothing to it.
  if (base.status === 'allowlisted' || base.status === 'denylisted') return unchanged(base);
  return event.type === 'hard'
    ? applyHardError(before, base, event)
    : applySoftError(before, base, event, config);
}

/**
 * A spam complaint (FBL/ARF) or SMS STOP denylists this address on this channel only: "the
 * profile is not on the denylist, so that the user continues receiving SMS messages and push".
 * Decision: a complaint denylists even an Allowlisted address — the allowlist exempts
 * addresses from *errors*; a recipient's explicit complaint is consent withdrawn.
 */
function applyComplaint(
  before: AddressRecord | undefined,
  base: AddressRecord,
  event: Extract<PolicyEvent, { kind: 'complaint' }>,
): PolicyOutcome {
  if (base.status === 'denylisted') return unchanged(base);
  const after: AddressRecord = {
    ...base,
    status: 'denylisted',
    type: 'hard',
    // Spec reason table: Refused (20) is "placed in quarantine due to ... a spam report".
    reason: 'refused',
    updatedAt: laterOf(base.updatedAt, event.at),
    ...(event.text !== undefined ? { errorText: event.text } : {}),
    ...(event.deliveryId !== undefined ? { lastDeliveryId: event.deliveryId } : {}),
  };
  return changedOutcome(before, after, 'complaint', event.at);
}

/**
 * A successful delivery proves the address works: With errors → Valid with a fresh counter
 * (spec: "With errors ... removed from the quarantine list after a successful delivery").
 * Quarantine and Denylisted "are never removed, even if they receive an email".
 * A delivery not later than the last error proves nothing about that error.
 */
function applyDelivered(
  before: AddressRecord | undefined,
  base: AddressRecord,
  event: Extract<PolicyEvent, { kind: 'delivered' }>,
): PolicyOutcome {
  if (base.lastDeliveredAt !== undefined && base.lastDeliveredAt.getTime() >= event.at.getTime()) {
    return unchanged(base);
  }
  const recorded: AddressRecord = {
    ...base,
    lastDeliveredAt: event.at,
    updatedAt: laterOf(base.updatedAt, event.at),
  };
  const provesErrorsOver =
    base.status === 'with_errors' &&
    (base.lastErrorAt === undefined || event.at.getTime() > base.lastErrorAt.getTime());
  const after = provesErrorsOver
    ? { ...clearErrorSeries(recorded), status: 'valid' as const }
    : recorded;
  return changedOutcome(before, after, 'delivered', event.at);
}

/**
 * Staff set the status. Valid and Allowlisted start a fresh error series, so a released
 * address is not one soft error away from quarantine again. Always audited with the actor.
 */
function applyManual(
  before: AddressRecord | undefined,
  base: AddressRecord,
  event: Extract<PolicyEvent, { kind: 'manual' }>,
): PolicyOutcome {
  const fresh = event.status === 'valid' || event.status === 'allowlisted';
  const start = fresh ? clearErrorSeries(base) : base;
  const after: AddressRecord = {
    ...start,
    status: event.status,
    updatedAt: laterOf(base.updatedAt, event.at),
    ...(event.reason !== undefined ? { reason: event.reason } : {}),
    ...(event.text !== undefined ? { errorText: event.text } : {}),
  };
  return changedOutcome(before, after, 'manual', event.at, event.actor, true);
}
