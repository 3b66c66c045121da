/**
 * The exclusion check, the pure part: may this address be targeted? (spec: "profiles whose
 * email addresses or phone number are in quarantine are automatically excluded during message
 * preparation"). With errors is still targeted; Allowlisted always is.
 */
import type { AddressStatus, Reason } from '../core/vocabulary.js';
import type { AddressRecord } from './types.js';

/** Why an address is or is not excluded. */
export interface ExclusionExplanation {
  excluded: boolean;
  /** The address's status; Valid for an address never seen. */
  status: AddressStatus;
  reason?: Reason;
  /** When the status began (`statusSince`, else the record's `updatedAt`). */
  since?: Date;
}

/** Statuses that exclude an address from sending. */
export const EXCLUDING_STATUSES: readonly AddressStatus[] = ['quarantine', 'denylisted'];

/** Whether a status excludes the address from sending. */
export function isExcludingStatus(status: AddressStatus): boolean {
  return EXCLUDING_STATUSES.includes(status);
}

/**
 * Explain whether the record's address is excluded. `undefined` (never seen) is Valid and not
 * excluded. Quarantine and Denylisted are excluded; Valid, With errors and Allowlisted not.
 */
export function explainExclusion(record: AddressRecord | undefined): ExclusionExplanation {
  if (record === undefined) return { excluded: false, status: 'valid' };
  return {
    excluded: isExcludingStatus(record.status),
    status: record.status,
    ...(record.reason !== undefined && record.status !== 'valid' ? { reason: record.reason } : {}),
    since: record.statusSince ?? record.updatedAt,
  };
}
