/** Public names of the pure quarantine and denylist policy. No I/O, no clock. */
export * from './types.js';
export { SYSTEM_ACTOR, newAddressRecord } from './audit.js';
export type { AddressIdentity, AuditCause } from './audit.js';
export { applyQuarantinePolicy } from './apply-policy.js';
export { planCleanup, cleanupEvent } from './cleanup.js';
export type { CleanupEvent } from './cleanup.js';
export { compareEvents, duplicateKey, canonicalEventKey, orderEvents } from './event-order.js';
export type { ReplayEvent } from './event-order.js';
export { replayAddressEvents } from './replay.js';
export type { ReplayOutcome } from './replay.js';
export { recordsEqual } from './record-equality.js';
export {
  DEFAULT_RELEASE_STATUSES,
  matchesReleaseQuery,
  validateReleaseQuery,
} from './release-query.js';
export type { ReleaseQuery, ReleaseQueryValidation, ValidReleaseQuery } from './release-query.js';
export { planBulkRelease, releaseRecord } from './release.js';
export type { BulkReleasePlan, ReleaseOutcome } from './release.js';
export { EXCLUDING_STATUSES, explainExclusion, isExcludingStatus } from './exclusion.js';
export type { ExclusionExplanation } from './exclusion.js';
export {
  findProfileExclusion,
  profileDenylistKey,
  profileEntryExcludes,
} from './profile-denylist.js';
export type { ProfileDenylistEntry, ProfileTarget } from './profile-denylist.js';
export { shouldHoldHardError, countSince, DEFAULT_OUTAGE_GUARD } from './outage-guard.js';
export type { OutageGuardConfig, OutageGuardInput } from './outage-guard.js';
export { findOptOutExclusion } from './address-opt-out.js';
export type { OptOutEntry, OptOutTarget } from './address-opt-out.js';
export {
  SPEC_DOMAIN_HEALTH,
  decideDomainPause,
  domainHealthSettingsFor,
  failureRate,
} from './domain-pause.js';
export type {
  DomainHealthOverride,
  DomainHealthSettings,
  DomainPauseDecision,
  DomainWindow,
} from './domain-pause.js';
