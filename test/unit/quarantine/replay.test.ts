import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_CONFIG,
  type PolicyEvent,
  type ReplayEvent,
  cleanupEvent,
  orderEvents,
  replayAddressEvents,
} from '../../../src/quarantine/index.js';
import {
  applyAll,
  complaint,
  day,
  delivered,
  hard,
  identity,
  ignored,
  manual,
  soft,
} from './helpers.js';

const config = DEFAULT_POLICY_CONFIG;

function replay(events: ReplayEvent[]) {
  return replayAddressEvents(identity, events, config);
}

describe('replayAddressEvents', () => {
  const live: PolicyEvent[] = [
    soft(day(0)),
    soft(day(1)),
    soft(day(2)),
    delivered(day(2.5)),
    soft(day(3)),
    soft(day(4)),
  ];

  it('gives the record of live order for events that arrive out of order', () => {
    const expected = applyAll(live).record;
    const backlog = [live[4], live[1], live[5], live[0], live[3], live[2]] as PolicyEvent[];
    expect(replay(backlog).record).toEqual(expected);
  });

  it('counts an identical event at the same time once', () => {
    const events = [soft(day(0)), soft(day(0)), soft(day(1)), soft(day(1))];
    const outcome = replay(events);
    expect(outcome.record?.errorCount).toBe(2);
    expect(outcome.duplicates).toBe(2);
  });

  it('counts events with the same eventId once, even when their fields differ', () => {
    const a: PolicyEvent = { ...hard(day(3)), eventId: 'msg-1/0' };
    const b: PolicyEvent = { ...hard(day(3), 'invalid_domain'), eventId: 'msg-1/0' };
    const forward = replay([a, b]);
    expect(forward.duplicates).toBe(1);
    expect(replay([b, a]).record).toEqual(forward.record);
  });

  it('counts two distinct events with distinct eventIds at the same time', () => {
    const outcome = replay([
      { ...complaint(day(1)), eventId: 'a' },
      { ...complaint(day(1)), eventId: 'b' },
    ]);
    expect(outcome.duplicates).toBe(0);
  });

  it('lets a manual decision at the same instant as an error stand', () => {
    const outcome = replay([manual(day(1), 'valid'), hard(day(1))]);
    expect(outcome.record?.status).toBe('valid');
  });

  it('returns no record when no event changed anything', () => {
    const outcome = replay([ignored(day(0)), ignored(day(1))]);
    expect(outcome).toMatchObject({ record: undefined, changed: false, history: [] });
  });

  it('keeps the whole audit history in event order', () => {
    const outcome = replay([hard(day(2)), soft(day(0)), manual(day(3), 'valid')]);
    expect(outcome.history.map((a) => [a.fromStatus, a.toStatus, a.cause])).toEqual([
      [null, 'with_errors', 'soft_error'],
      ['with_errors', 'quarantine', 'hard_error'],
      ['quarantine', 'valid', 'manual'],
    ]);
  });

  it('reports the net change from the stored record with one replay audit entry', () => {
    const stored = applyAll([soft(day(0)), delivered(day(2))]).record;
    // A backlog hard error from day 1 arrives after the delivery: the address was invalid.
    const outcome = replayAddressEvents(
      identity,
      [soft(day(0)), delivered(day(2)), hard(day(1))],
      config,
      stored,
    );
    expect(outcome.changed).toBe(true);
    expect(outcome.record?.status).toBe('quarantine');
    expect(outcome.audit).toMatchObject({
      fromStatus: 'valid',
      toStatus: 'quarantine',
      cause: 'replay',
    });
  });

  it('reports no change when the replay rebuilds the stored record', () => {
    const stored = applyAll(live).record;
    const outcome = replayAddressEvents(identity, [...live].reverse(), config, stored);
    expect(outcome.changed).toBe(false);
    expect(outcome.audit).toBeUndefined();
  });

  it('re-runs a recorded cleanup at its own time', () => {
    const mailboxFull = [0, 1, 2, 3, 4].map((d) => soft(day(d)));
    const outcome = replay([...mailboxFull, cleanupEvent(day(40)), soft(day(10))]);
    // The late soft error (day 10) moves the 30 days to day 40: the cleanup on day 40 lifts it.
    expect(outcome.record?.status).toBe('valid');
    const early = replay([...mailboxFull, cleanupEvent(day(39)), soft(day(10))]);
    expect(early.record?.status).toBe('quarantine');
  });

  it('does not let a recorded cleanup lift a quarantine a backlog event made hard', () => {
    const mailboxFull = [0, 1, 2, 3, 4].map((d) => soft(day(d)));
    const outcome = replay([...mailboxFull, cleanupEvent(day(35)), hard(day(20))]);
    expect(outcome.record?.status).toBe('quarantine');
  });

  it('replays a year of daily events in a few milliseconds', () => {
    const events: PolicyEvent[] = [];
    for (let d = 0; d < 365; d += 1)
      events.push(d % 13 === 0 ? delivered(day(d + 0.5)) : soft(day(d)));
    const started = performance.now();
    const outcome = replay(events.reverse());
    expect(performance.now() - started).toBeLessThan(200);
    expect(outcome.record?.status).toBe('quarantine');
  });
});

describe('orderEvents', () => {
  it('sorts by time, then errors before complaints, deliveries, cleanups and staff', () => {
    const events: ReplayEvent[] = [
      manual(day(0), 'valid'),
      cleanupEvent(day(0)),
      delivered(day(0)),
      complaint(day(0)),
      soft(day(0)),
    ];
    expect(orderEvents(events).ordered.map((e) => e.kind)).toEqual([
      'failure',
      'complaint',
      'delivered',
      'cleanup',
      'manual',
    ]);
  });
});
