/** Public names of the pure quarantine and denylist policy. */
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
