/** Delays between reconnect attempts. */
export interface ReconnectOptions {
  /** First delay after a failure (default 1 s). */
  minDelayMs: number;
  /** Ceiling of the doubling delay (default 60 s). */
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectOptions = Object.freeze({
  minDelayMs: 1000,
  maxDelayMs: 60_000,
});

/**
 * Exponential back-off with ±20 % jitter, so pollers of many mailboxes on one server that all
 * lost it at once do not come back in lockstep.
 */
export function backoffDelay(
  attempt: number,
  options: ReconnectOptions,
  random = Math.random,
): number {
  const base = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
