/**
 * What one imported entry does to the stored record (pure). An exact entry (Rebound's own
 * export) is written when any field it carries differs. A provider's suppression only adds:
 * it never replaces Denylisted by Quarantine, never overrides staff's Allowlisted, and an
 * address already in the same status is left as it is — so a second import changes nothing.
 */
import type { AddressRecord } from '../quarantine/types.js';
import type { ImportEntry } from './formats/types.js';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'kept';

export function planImportEntry(
  entry: ImportEntry,
  current: AddressRecord | undefined,
): ImportOutcome {
  if (entry.exact) {
    if (!current) return entry.status === 'valid' ? 'unchanged' : 'created';
    return sameAsCurrent(entry, current) ? 'unchanged' : 'updated';
  }
  if (!current) return 'created';
  if (current.status === entry.status) return 'unchanged';
  if (current.status === 'allowlisted') return 'kept';
  if (current.status === 'denylisted' && entry.status === 'quarantine') return 'kept';
  return 'updated';
}

function sameAsCurrent(entry: ImportEntry, current: AddressRecord): boolean {
  return (
    entry.status === current.status &&
    (entry.reason ?? undefined) === (current.reason ?? undefined) &&
    (entry.errorText ?? undefined) === (current.errorText ?? undefined) &&
    (entry.errorCount === undefined || entry.errorCount === current.errorCount) &&
    (entry.errorAt === undefined || entry.errorAt.getTime() === current.lastErrorAt?.getTime()) &&
    (entry.lastDeliveryId === undefined || entry.lastDeliveryId === current.lastDeliveryId) &&
    (entry.type === undefined || entry.type === current.type) &&
    (entry.firstErrorAt === undefined ||
      entry.firstErrorAt.getTime() === current.firstErrorAt?.getTime())
  );
}

/** Of two entries for one address in one file, the one to keep: the stronger suppression. */
export function strongerEntry(a: ImportEntry, b: ImportEntry): ImportEntry {
  if (a.exact || b.exact) return b;
  return a.status === 'denylisted' && b.status !== 'denylisted' ? a : b;
}
