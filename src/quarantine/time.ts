/** Time arithmetic for the policy. Pure: every instant is an argument, never the clock. */

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;

/** Milliseconds from `earlier` to `later` (negative when `later` is before `earlier`). */
export function elapsedMs(earlier: Date, later: Date): number {
  return later.getTime() - earlier.getTime();
}

export function secondsToMs(seconds: number): number {
  return seconds * MS_PER_SECOND;
}

export function daysToMs(days: number): number {
  return days * MS_PER_DAY;
}

/** The later of two instants; `undefined` counts as "never". */
export function laterOf(a: Date | undefined, b: Date): Date {
  return a !== undefined && a.getTime() > b.getTime() ? a : b;
}
