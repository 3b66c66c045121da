/**
 * Releasing an address (status Valid) by staff, one at a time or in bulk. A release is a
 * manual event: the returned `event` must be stored in the address's event log so that a
 * later replay reproduces it.
 */
import type { AddressRecord, PolicyConfig, PolicyEvent, PolicyOutcome } from './types.js';
import { DEFAULT_POLICY_CONFIG } from './types.js';
import { applyQuarantinePolicy } from './apply-policy.js';
import { unchanged } from './audit.js';
import { type ReleaseQuery, type ValidReleaseQuery, matchesReleaseQuery } from './release-query.js';

/** A release outcome, with the manual event to persist when it changed the record. */
export interface ReleaseOutcome extends PolicyOutcome {
  event?: Extract<PolicyEvent, { kind: 'manual' }>;
}

/**
 * Release one record to Valid at `now`, by `actor`, with a fresh error series. A record that
 * is already Valid is left unchanged. The audit entry has cause `release`.
 */
export function releaseRecord(record: AddressRecord, now: Date, actor: string): ReleaseOutcome {
  if (record.status === 'valid') return unchanged(record);
  const event: Extract<PolicyEvent, { kind: 'manual' }> = {
    kind: 'manual',
    at: now,
    status: 'valid',
    actor,
  };
  // The manual branch does not read the config; passing the default keeps one code path.
  const config: PolicyConfig = DEFAULT_POLICY_CONFIG;
  const outcome = applyQuarantinePolicy(record, record, event, config);
  const audit = outcome.audit ? { ...outcome.audit, cause: 'release' } : undefined;
  return { ...outcome, ...(audit ? { audit } : {}), event };
}

/** What a bulk release would do (the dry run) or does: one outcome per selected record. */
export interface BulkReleasePlan {
  matched: number;
  outcomes: ReleaseOutcome[];
}

/**
 * Plan a bulk release over `records` with a query already checked by `validateReleaseQuery`.
 * Pure: the dry run shows `outcomes` without storing them; the real run stores each record,
 * audit entry and event.
 */
export function planBulkRelease(
  records: Iterable<AddressRecord>,
  query: ValidReleaseQuery,
  now: Date,
  actor: string,
): BulkReleasePlan {
  const outcomes: ReleaseOutcome[] = [];
  for (const record of records) {
    if (matchesReleaseQuery(record, query as ReleaseQuery))
      outcomes.push(releaseRecord(record, now, actor));
  }
  return { matched: outcomes.length, outcomes };
}
