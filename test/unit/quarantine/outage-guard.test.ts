import { describe, expect, it } from 'vitest';
import {
  countSince,
  countUntil,
  decideBatchHolds,
  shouldHoldHardError,
} from '../../../src/quarantine/outage-guard.js';

const guard = { threshold: 3, windowMinutes: 60 };

describe('the outage guard', () => {
  it('lets hard errors through up to the threshold, then holds the rest of the burst', () => {
    expect(shouldHoldHardError({ recentHardErrors: 3 }, guard)).toBe(false);
    expect(shouldHoldHardError({ recentHardErrors: 4 }, guard)).toBe(true);
  });
  it('keeps holding while a hold is open, whatever the count', () => {
    expect(shouldHoldHardError({ hold: { status: 'held' }, recentHardErrors: 0 }, guard)).toBe(
      true,
    );
  });
  it('counts afresh after staff decided a hold', () => {
    const at = new Date('2026-11-20T10:30:00Z');
    const decidedAt = new Date('2026-11-20T10:10:00Z');
    expect(countSince(at, guard, decidedAt)).toEqual(decidedAt);
    expect(countSince(at, guard, new Date('2026-11-19T00:00:00Z'))).toEqual(
      new Date('2026-11-20T09:30:00Z'),
    );
    expect(
      shouldHoldHardError({ hold: { status: 'applied', decidedAt }, recentHardErrors: 2 }, guard),
    ).toBe(false);
  });
  it('counts as far after the error as before it, so the order errors are taken in does not matter', () => {
    const at = new Date('2026-11-20T10:30:00Z');
    expect(countUntil(at, guard)).toEqual(new Date('2026-11-20T11:30:00Z'));
    // A burst at 10:00..10:05 taken 10:00, 10:01, 10:03, 10:02: the fourth sees the others.
    const times = [0, 1, 3, 2].map((minute) => new Date(Date.UTC(2026, 10, 20, 10, minute)));
    const counted = (i: number) =>
      times
        .slice(0, i + 1)
        .filter((t) => t > countSince(times[i]!, guard) && t <= countUntil(times[i]!, guard))
        .length;
    expect(shouldHoldHardError({ recentHardErrors: counted(3) }, guard)).toBe(true);
  });
  it('is off with a threshold of 0', () => {
    expect(
      shouldHoldHardError(
        { hold: { status: 'held' }, recentHardErrors: 10_000 },
        { threshold: 0, windowMinutes: 60 },
      ),
    ).toBe(false);
  });
});

describe('the outage guard over one batch', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
  const errors = (n: number, extra: Partial<Parameters<typeof decideBatchHolds>[0][number]> = {}) =>
    Array.from({ length: n }, (_, i) => ({
      key: 'd.example|550 user unknown',
      at: at(i),
      storedCount: 0,
      ...extra,
    }));

  it('decides a burst in one batch as one message after another would', () => {
    expect(decideBatchHolds(errors(6), guard)).toEqual([false, false, false, true, true, true]);
  });

  it('adds the stored errors of the window to the batch’s own', () => {
    expect(decideBatchHolds(errors(3, { storedCount: 2 }), guard)).toEqual([false, true, true]);
  });

  it('counts each key apart, and an open hold holds at once', () => {
    const mixed = [
      ...errors(4),
      ...errors(2).map((e) => ({ ...e, key: 'other.example|550 user unknown' })),
    ];
    expect(decideBatchHolds(mixed, guard)).toEqual([false, false, false, true, false, false]);
    expect(decideBatchHolds(errors(2, { hold: { status: 'held' } }), guard)).toEqual([true, true]);
  });

  it('counts from a staff decision, and only the batch’s errors inside the window', () => {
    const decided = errors(5, { hold: { status: 'applied', decidedAt: at(2) } });
    // Minutes 0–2 are at or before the decision: only minutes 3 and 4 count.
    expect(decideBatchHolds(decided, guard)).toEqual([false, false, false, false, false]);
    const far = [0, 200, 400, 600].map((minute) => ({ key: 'k', at: at(minute), storedCount: 2 }));
    expect(decideBatchHolds(far, guard)).toEqual([false, false, false, false]);
  });
});
