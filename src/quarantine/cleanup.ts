/**
 * The database cleanup (nightly, and on demand), for one record. Pure: `now` is an argument.
 *
 * Spec ("Understanding quarantine management", automatic update): With errors addresses
 * return to Valid after a successful delivery, or when their last soft bounce is more than
 * 10 days old; Mailbox-full addresses after 30 days. Quarantine and Denylisted entries
 * "are never removed, even if they receive an email" — except, per PRODUCT.md, a Quarantine
 * whose reason is Mailbox full, since a full mailbox is emptied eventually.
 */
import type { AddressRecord, PolicyConfig, PolicyOutcome } from './types.js';
import { type AuditCause, changedOutcome, unchanged } from './audit.js';
import { clearErrorSeries } from './failure.js';
import { daysToMs, elapsedMs, laterOf } from './time.js';

/**
 * A cleanup run recorded in an address's event log, so that `replayAddressEvents` lifts
 * exactly what a cleanup at that time would have lifted given every event (see replay.ts).
 */
export interface CleanupEvent {
  kind: 'cleanup';
  at: Date;
  eventId?: string;
}

/** The event to persist for `record` when `planCleanup(record, now, …)` changed it. */
export function cleanupEvent(now: Date): CleanupEvent {
  return { kind: 'cleanup', at: now };
}

/**
 * What the cleanup does to one record at `now`: With errors → Valid after a delivery later
 * than the last error or when the last soft error is more than `errorCounterResetDays` old;
 * a Mailbox-full Quarantine → Valid once `mailboxFullReleaseDays` have passed since its last
 * error or its start, whichever is later. Nothing else is lifted. `changed` is false when the record stays as it is.
 */
export function planCleanup(record: AddressRecord, now: Date, config: PolicyConfig): PolicyOutcome {
  const cause = cleanupCause(record, now, config);
  if (cause === undefined) return unchanged(record);
  const after: AddressRecord = {
    ...clearErrorSeries(record),
    status: 'valid',
    updatedAt: laterOf(record.updatedAt, now),
  };
  return changedOutcome(record, after, cause, now);
}

function cleanupCause(
  record: AddressRecord,
  now: Date,
  config: PolicyConfig,
): AuditCause | undefined {
  const lastError = record.lastErrorAt;
  if (record.status === 'with_errors') {
    const delivered = record.lastDeliveredAt;
    if (delivered !== undefined && (lastError === undefined || delivered > lastError)) {
      return 'cleanup_delivered';
    }
    if (
      lastError === undefined ||
      elapsedMs(lastError, now) > daysToMs(config.errorCounterResetDays)
    ) {
      return 'cleanup_error_age';
    }
    return undefined;
  }
  if (record.status === 'quarantine' && record.reason === 'mailbox_full') {
    // Counted from the later of the last error and the start of the quarantine: a soft error
    // received while in quarantine shows the mailbox is still full, and a quarantine set by
    // hand today must not be lifted tonight because of an old error.
    const start = record.statusSince ?? record.updatedAt;
    const since = lastError === undefined ? start : laterOf(lastError, start);
    if (elapsedMs(since, now) >= daysToMs(config.mailboxFullReleaseDays)) {
      return 'cleanup_mailbox_full';
    }
  }
  return undefined;
}
