/**
 * The bytes of DATA held in memory across all sessions, from the first chunk until the
 * message is stored (or refused). A reservation that would cross the cap fails, and the
 * message is answered 451 4.3.1 so its sender retries later: memory stays bounded by the cap
 * whatever the number of connections, instead of growing until the process dies.
 */
export interface MemoryBudget {
  /** Reserves `bytes`; false (and nothing reserved) when that would cross the cap. */
  tryReserve(bytes: number): boolean;
  release(bytes: number): void;
  readonly used: number;
  readonly max: number;
}

export function createMemoryBudget(maxBytes: number): MemoryBudget {
  let used = 0;
  return {
    get used() {
      return used;
    },
    max: maxBytes,
    tryReserve(bytes) {
      if (used + bytes > maxBytes) return false;
      used += bytes;
      return true;
    },
    release(bytes) {
      used = Math.max(0, used - bytes);
    },
  };
}
