/**
 * Hard and soft errors (spec: "Understanding quarantine management", error types; and
 * "Soft error management"). Ignored errors never reach this file.
 */
import type { AddressRecord, PolicyConfig, PolicyEvent, PolicyOutcome } from './types.js';
import { changedOutcome } from './audit.js';
import { daysToMs, elapsedMs, laterOf, secondsToMs } from './time.js';

type FailureEvent = Extract<PolicyEvent, { kind: 'failure' }>;

/** Bookkeeping every counted or recorded error updates, whatever it does to the status. */
function withErrorDetails(record: AddressRecord, event: FailureEvent): AddressRecord {
  return {
    ...record,
    lastErrorAt: laterOf(record.lastErrorAt, event.at),
    updatedAt: laterOf(record.updatedAt, event.at),
    ...(event.text !== undefined ? { errorText: event.text } : {}),
    ...(event.deliveryId !== undefined ? { lastDeliveryId: event.deliveryId } : {}),
  };
}

/**
 * A hard error quarantines at once. On an address already in Quarantine it still takes over
 * type and reason: a Mailbox-full quarantine later proven User-unknown must no longer be
 * lifted by cleanup after 30 days.
 */
export function applyHardError(
  before: AddressRecord | undefined,
  base: AddressRecord,
  event: FailureEvent,
): PolicyOutcome {
  const after: AddressRecord = {
    ...withErrorDetails(base, event),
    status: 'quarantine',
    type: 'hard',
    reason: event.reason,
    firstErrorAt: base.firstErrorAt ?? event.at,
  };
  return changedOutcome(before, after, 'hard_error', event.at);
}

/**
 * A soft error counts only when significant: at least `significantErrorPeriodSeconds` after
 * the previous significant one (spec: retries inside one delivery must not quarantine a
 * mailbox that is merely full for a day). The counter restarts when the last significant
 * error is more than `errorCounterResetDays` old, and the status goes back to Valid before
 * the new error is counted (spec: "The error counter is reinitialized if the last
 * significant error occurred more than 10 days ago").
 */
export function applySoftError(
  before: AddressRecord | undefined,
  base: AddressRecord,
  event: FailureEvent,
  config: PolicyConfig,
): PolicyOutcome {
  if (base.status === 'quarantine') {
    // Already out of targeting: the error only proves the address still fails, which keeps
    // the Mailbox-full release clock (it counts from the last error) from running out.
    return changedOutcome(before, withErrorDetails(base, event), 'soft_error', event.at);
  }
  const counting = restartCounterIfStale(base, event.at, config);
  const last = counting.lastSignificantErrorAt;
  const significant =
    last === undefined ||
    elapsedMs(last, event.at) >= secondsToMs(config.significantErrorPeriodSeconds);
  if (!significant) {
    return changedOutcome(before, withErrorDetails(counting, event), 'soft_error', event.at);
  }
  const errorCount = counting.errorCount + 1;
  const reachedThreshold = errorCount >= config.softErrorThreshold;
  const after: AddressRecord = {
    ...withErrorDetails(counting, event),
    status: reachedThreshold ? 'quarantine' : 'with_errors',
    type: 'soft',
    reason: event.reason,
    errorCount,
    firstErrorAt: counting.firstErrorAt ?? event.at,
    lastSignificantErrorAt: event.at,
  };
  return changedOutcome(
    before,
    after,
    reachedThreshold ? 'soft_error_threshold' : 'soft_error',
    event.at,
  );
}

/** Restart the error series when its last significant error is older than the reset delay. */
export function restartCounterIfStale(
  record: AddressRecord,
  at: Date,
  config: PolicyConfig,
): AddressRecord {
  const last = record.lastSignificantErrorAt;
  if (last === undefined || elapsedMs(last, at) <= daysToMs(config.errorCounterResetDays)) {
    return record;
  }
  return clearErrorSeries({
    ...record,
    status: record.status === 'with_errors' ? 'valid' : record.status,
  });
}

/** Forget the current error series (counter, first and last significant error, type, reason). */
export function clearErrorSeries(record: AddressRecord): AddressRecord {
  const {
    errorCount: _count,
    firstErrorAt: _first,
    lastSignificantErrorAt: _significant,
    type: _type,
    reason: _reason,
    ...rest
  } = record;
  return { ...rest, errorCount: 0 };
}
