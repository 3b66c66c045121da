/** fast-check generators of dated policy events, packed into a few weeks so times collide. */
import fc from 'fast-check';
import type { PolicyEvent, ReplayEvent } from '../../../src/quarantine/index.js';
import { day } from './helpers.js';

/**
 * Quarter-hour steps over 60 days (sub-period retries, 10-day gaps, 30-day releases), mixed
 * with a few fixed instants so that events at the very same time are common.
 */
const at = fc.oneof(
  fc.integer({ min: 0, max: 60 * 96 }).map((q) => day(q / 96)),
  fc.constantFrom(0, 0.5, 1, 2, 11, 40).map((d) => day(d)),
);
const reason = fc.constantFrom(
  'mailbox_full',
  'user_unknown',
  'unreachable',
  'invalid_domain' as const,
);
const text = fc.constantFrom(undefined, 'text a', 'text b');

export const failureEvent: fc.Arbitrary<PolicyEvent> = fc.record(
  {
    kind: fc.constant('failure' as const),
    type: fc.constantFrom('soft', 'soft', 'soft', 'hard', 'ignored' as const),
    reason,
    at,
    text,
    // A few shared ids: the same bounce seen twice, possibly with different fields.
    eventId: fc.constantFrom('msg-1/0', 'msg-2/0', 'msg-3/1'),
  },
  { requiredKeys: ['kind', 'type', 'reason', 'at'] },
);

export const ignoredEvent: fc.Arbitrary<PolicyEvent> = fc.record({
  kind: fc.constant('failure' as const),
  type: fc.constant('ignored' as const),
  reason,
  at,
  text: fc.constant('ignored'),
});

const complaintEvent: fc.Arbitrary<PolicyEvent> = fc.record({
  kind: fc.constant('complaint' as const),
  at,
});
const deliveredEvent: fc.Arbitrary<PolicyEvent> = fc.record({
  kind: fc.constant('delivered' as const),
  at,
});
const manualEvent: fc.Arbitrary<PolicyEvent> = fc.record({
  kind: fc.constant('manual' as const),
  at,
  status: fc.constantFrom(
    'valid',
    'quarantine',
    'allowlisted',
    'denylisted',
    'with_errors' as const,
  ),
  actor: fc.constantFrom('eve', 'bob'),
});
const cleanup: fc.Arbitrary<ReplayEvent> = fc.record({ kind: fc.constant('cleanup' as const), at });

/** Events from mail only: no staff, no cleanup. */
export const automaticEvent: fc.Arbitrary<PolicyEvent> = fc.oneof(
  { weight: 8, arbitrary: failureEvent },
  { weight: 1, arbitrary: complaintEvent },
  { weight: 2, arbitrary: deliveredEvent },
);

/** Anything an event log may hold. */
export const anyEvent: fc.Arbitrary<ReplayEvent> = fc.oneof(
  { weight: 8, arbitrary: failureEvent },
  { weight: 1, arbitrary: complaintEvent },
  { weight: 2, arbitrary: deliveredEvent },
  { weight: 1, arbitrary: manualEvent },
  { weight: 1, arbitrary: cleanup },
);

/** A deep copy (new Date objects), so duplicates are recognised by value, not identity. */
export function copyEvent<E extends ReplayEvent>(event: E): E {
  return { ...event, at: new Date(event.at.getTime()) };
}

/** A list of events, with a permutation of it that also repeats some of them. */
export function eventsWithShuffledDuplicates(
  event: fc.Arbitrary<ReplayEvent>,
): fc.Arbitrary<[ReplayEvent[], ReplayEvent[]]> {
  return fc.array(event, { maxLength: 40 }).chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc
        .tuple(
          fc.array(fc.nat({ max: Math.max(events.length - 1, 0) }), {
            maxLength: events.length === 0 ? 0 : 10,
          }),
          fc.nat(),
        )
        .chain(([dupIndexes]) => {
          const withDuplicates = [...events, ...dupIndexes.map((i) => copyEvent(events[i]!))];
          return fc.shuffledSubarray(withDuplicates, {
            minLength: withDuplicates.length,
            maxLength: withDuplicates.length,
          });
        }),
    ),
  );
}
