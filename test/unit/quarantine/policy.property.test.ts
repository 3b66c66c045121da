import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AddressRecord,
  type PolicyEvent,
  type ReplayEvent,
  DEFAULT_POLICY_CONFIG,
  applyQuarantinePolicy,
  orderEvents,
  planCleanup,
  replayAddressEvents,
} from '../../../src/quarantine/index.js';
import {
  anyEvent,
  automaticEvent,
  eventsWithShuffledDuplicates,
  ignoredEvent,
} from './arbitraries.js';
import { identity } from './helpers.js';

const config = DEFAULT_POLICY_CONFIG;
const excluding = new Set(['quarantine', 'denylisted']);

/** Live processing in arrival order, the way the worker applies events one by one. */
function applyLive(events: readonly ReplayEvent[]): {
  record: AddressRecord | undefined;
  statuses: string[];
  causes: string[];
} {
  let record: AddressRecord | undefined;
  const statuses: string[] = [];
  const causes: string[] = [];
  for (const event of events) {
    const outcome =
      event.kind === 'cleanup'
        ? record && planCleanup(record, event.at, config)
        : applyQuarantinePolicy(record, identity, event, config);
    if (!outcome?.changed) continue;
    if (record && excluding.has(record.status) && !excluding.has(outcome.record.status)) {
      causes.push(outcome.audit?.cause ?? 'none');
    }
    record = outcome.record;
    statuses.push(record.status);
  }
  return { record, statuses, causes };
}

/** Most soft-error times pairwise at least one period apart (greedy from the earliest is optimal). */
function maxSignificant(events: readonly PolicyEvent[]): number {
  const times = events
    .filter((e) => e.kind === 'failure' && e.type === 'soft')
    .map((e) => e.at.getTime())
    .sort((a, b) => a - b);
  let count = 0;
  let last = -Infinity;
  for (const t of times) {
    if (t - last >= config.significantErrorPeriodSeconds * 1000) {
      count += 1;
      last = t;
    }
  }
  return count;
}

describe('policy invariants', () => {
  it('never lets Quarantine or Denylisted leave without a manual event, in any arrival order', () => {
    fc.assert(
      fc.property(fc.array(automaticEvent, { maxLength: 60 }), (events) => {
        const { statuses } = applyLive(events);
        const first = statuses.findIndex((s) => excluding.has(s));
        if (first >= 0) expect(statuses.slice(first).every((s) => excluding.has(s))).toBe(true);
        const denylisted = statuses.indexOf('denylisted');
        if (denylisted >= 0)
          expect(statuses.slice(denylisted).every((s) => s === 'denylisted')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('lets only staff or the Mailbox-full cleanup lift an exclusion', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 60 }), (events) => {
        const { causes } = applyLive(orderEvents(events).ordered);
        for (const cause of causes) expect(['manual', 'cleanup_mailbox_full']).toContain(cause);
      }),
      { numRuns: 500 },
    );
  });

  it('changes nothing for an ignored event, whatever the record', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 30 }), ignoredEvent, (events, ignored) => {
        const record = replayAddressEvents(identity, events, config).record;
        const outcome = applyQuarantinePolicy(record, identity, ignored, config);
        expect(outcome.changed).toBe(false);
        expect(outcome.audit).toBeUndefined();
        if (record) expect(outcome.record).toBe(record);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same final record when ignored events are added to the log', () => {
    fc.assert(
      fc.property(
        fc.array(anyEvent, { maxLength: 30 }),
        fc.array(ignoredEvent, { maxLength: 10 }),
        (events, noise) => {
          const plain = replayAddressEvents(identity, events, config).record;
          expect(replayAddressEvents(identity, [...noise, ...events], config).record).toEqual(
            plain,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never counts more errors than the significant soft errors justify, nor past the threshold', () => {
    fc.assert(
      fc.property(fc.array(automaticEvent, { maxLength: 60 }), (events) => {
        const { record } = applyLive(orderEvents(events).ordered);
        const count = record?.errorCount ?? 0;
        expect(count).toBeLessThanOrEqual(maxSignificant(events));
        expect(count).toBeLessThanOrEqual(config.softErrorThreshold);
      }),
      { numRuns: 500 },
    );
  });

  it('replays any permutation of the same events, with duplicates, to the same record', () => {
    fc.assert(
      fc.property(eventsWithShuffledDuplicates(anyEvent), ([events, shuffled]) => {
        const expected = replayAddressEvents(identity, events, config);
        const actual = replayAddressEvents(identity, shuffled, config);
        expect(actual.record).toEqual(expected.record);
        expect(actual.history).toEqual(expected.history);
      }),
      { numRuns: 500 },
    );
  });

  it('replays to the record that live processing in time order builds', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        const live = applyLive(orderEvents(events).ordered).record;
        expect(replayAddressEvents(identity, events, config).record).toEqual(live);
      }),
      { numRuns: 300 },
    );
  });
});
