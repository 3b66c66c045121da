/**
 * Outage guard (pure). When one domain suddenly answers the same hard error for many
 * recipients — a provider's outage or misconfiguration, like Apple's wave of false 550 5.1.1
 * in April 2021 — quarantining them all would cost the sender good addresses. Past a threshold
 * within a window, further hard errors of that text from that domain are held for review.
 */

export interface OutageGuardConfig {
  /** Hard errors of one text from one domain within the window before holding; 0 disables. */
  threshold: number;
  windowMinutes: number;
}

export const DEFAULT_OUTAGE_GUARD: OutageGuardConfig = { threshold: 200, windowMinutes: 60 };

export interface OutageGuardInput {
  /** The current hold of this domain and text, if any. */
  hold?: { status: 'held' | 'applied' | 'discarded'; decidedAt?: Date };
  /** Hard errors of this text from this domain from `countSince` to `countUntil`, this one included. */
  recentHardErrors: number;
}

/** Where the count of recent errors starts: the window, or a later staff decision. */
export function countSince(eventAt: Date, config: OutageGuardConfig, decidedAt?: Date): Date {
  const windowStart = new Date(eventAt.getTime() - config.windowMinutes * 60_000);
  return decidedAt && decidedAt > windowStart ? decidedAt : windowStart;
}

/**
 * Where the count ends: as far after the event as the window reaches before it. A burst is
 * errors close in time, whatever order the workers take them in: an error of the burst's
 * start processed after later ones still sees them, so the count does not depend on order.
 */
export function countUntil(eventAt: Date, config: OutageGuardConfig): Date {
  return new Date(eventAt.getTime() + config.windowMinutes * 60_000);
}

/** True when this hard error must be held instead of applied. */
export function shouldHoldHardError(input: OutageGuardInput, config: OutageGuardConfig): boolean {
  if (config.threshold <= 0) return false;
  if (input.hold?.status === 'held') return true;
  return input.recentHardErrors > config.threshold;
}

/** One hard error of a batch the guard must decide on, in the order the batch stores them. */
export interface BatchHardError {
  /** Its (channel, domain, text): errors of one key count together. */
  key: string;
  at: Date;
  /** The key's hold before this batch. */
  hold?: OutageGuardInput['hold'];
  /** Stored errors of the key in this error's window, the batch's own not included. */
  storedCount: number;
}

/**
 * Which hard errors of one batch are held, deciding them one after another as single messages
 * would be: each counts the stored errors and the batch's earlier ones in its window, and once
 * one is held its key's hold is open for the rest of the batch.
 */
export function decideBatchHolds(
  errors: readonly BatchHardError[],
  config: OutageGuardConfig,
): boolean[] {
  const seen = new Map<string, Date[]>();
  const heldKeys = new Set<string>();
  return errors.map((error) => {
    const earlier = seen.get(error.key) ?? [];
    seen.set(error.key, [...earlier, error.at]);
    const hold = heldKeys.has(error.key) ? { status: 'held' as const } : error.hold;
    const since = countSince(error.at, config, hold?.decidedAt);
    const until = countUntil(error.at, config);
    const inBatch = earlier.filter((at) => at > since && at <= until).length;
    const held = shouldHoldHardError(
      { ...(hold ? { hold } : {}), recentHardErrors: error.storedCount + inBatch + 1 },
      config,
    );
    if (held) heldKeys.add(error.key);
    return held;
  });
}
