/**
 * A total, deterministic order on events and the rule that recognises duplicates, so that
 * replaying any arrival order of the same events gives the same record.
 */
import type { PolicyEvent } from './types.js';
import type { CleanupEvent } from './cleanup.js';

/** Anything that can be stored in an address's event log and replayed. */
export type ReplayEvent = PolicyEvent | CleanupEvent;

/**
 * At the same instant: errors first, then the complaint, the delivery, a cleanup, and staff
 * last, so that a manual decision taken at the same second as an error stands.
 */
const KIND_RANK: Record<ReplayEvent['kind'], number> = {
  failure: 0,
  complaint: 1,
  delivered: 2,
  cleanup: 3,
  manual: 4,
};

/**
 * A canonical text of the whole event: keys sorted, dates as ISO strings, `undefined` fields
 * dropped. Two events with the same text are the same event.
 */
export function canonicalEventKey(event: ReplayEvent): string {
  const entries = Object.entries(event)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/**
 * How a duplicate is recognised: by `eventId` when the event has one (the same bounce seen
 * through two intakes, a redelivered mailbox message), otherwise by its canonical text (an
 * identical event at the same time counts once).
 */
export function duplicateKey(event: ReplayEvent): string {
  return event.eventId !== undefined ? `id:${event.eventId}` : `event:${canonicalEventKey(event)}`;
}

/** Compare by event time, then kind rank, then canonical text: a total order. */
export function compareEvents(a: ReplayEvent, b: ReplayEvent): number {
  const byTime = a.at.getTime() - b.at.getTime();
  if (byTime !== 0) return byTime;
  const byKind = KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (byKind !== 0) return byKind;
  const ka = canonicalEventKey(a);
  const kb = canonicalEventKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The events in replay order without duplicates. Sorting comes first, so when two events
 * share an `eventId` the earliest (then the smallest canonical text) is kept whatever order
 * they arrived in.
 */
export function orderEvents(events: readonly ReplayEvent[]): {
  ordered: ReplayEvent[];
  duplicates: number;
} {
  const sorted = [...events].sort(compareEvents);
  const seen = new Set<string>();
  const ordered: ReplayEvent[] = [];
  for (const event of sorted) {
    const key = duplicateKey(event);
    if (seen.has(key)) continue;
    seen.add(key);
    ordered.push(event);
  }
  return { ordered, duplicates: sorted.length - ordered.length };
}
