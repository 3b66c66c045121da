/**
 * A fixed-window request counter per client key (IP), in memory: enough to stop one client
 * from hammering a public route (one-click unsubscribe) without a shared store. Each process
 * counts its own requests; the window's map is dropped when the window rolls, so it stays
 * bounded by the clients of one minute.
 */
export interface RateLimiter {
  /** Counts one request of `key`; false when the key is over its limit in this window. */
  allow(key: string): boolean;
}

export function createRateLimiter(options: {
  perWindow: number;
  windowMs?: number;
  now?: () => number;
}): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    allow(key) {
      if (options.perWindow <= 0) return true;
      const at = now();
      if (at - windowStart >= windowMs) {
        windowStart = at - (at % windowMs);
        counts = new Map();
      }
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return count <= options.perWindow;
    },
  };
}
