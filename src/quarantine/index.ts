/** Public names of the pure quarantine and denylist policy. */
export * from './types.js';
export { SYSTEM_ACTOR, newAddressRecord } from './audit.js';
export type { AddressIdentity, AuditCause } from './audit.js';
export { applyQuarantinePolicy } from './apply-policy.js';
