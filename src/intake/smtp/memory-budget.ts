/**
 * The memory held by DATA across all sessions, from the first chunk until the message is
 * stored (or refused). A reservation that would cross the cap fails, and the message is
 * answered 451 4.3.1 so its sender retries later: memory stays bounded whatever the number of
 * connections, instead of growing until the process dies.
 */
export interface MemoryBudget {
  /** Reserves room for `messageBytes`; false (and nothing reserved) past the cap. */
  tryReserve(messageBytes: number): boolean;
  release(messageBytes: number): void;
  /** Whether `messageBytes` would fit now (nothing reserved). */
  fits(messageBytes: number): boolean;
  /** Memory counted now, in bytes. */
  readonly used: number;
  readonly max: number;
}

/**
 * Memory one message byte costs until it is stored, measured with bench/smtp-memory.bench.js:
 * the chunks as read, their concatenation, and the database driver's hex text of the bytea
 * parameter (two characters a byte) while the INSERT is built and sent.
 */
export const MEMORY_PER_MESSAGE_BYTE = 4;

export function createMemoryBudget(
  maxBytes: number,
  perByte: number = MEMORY_PER_MESSAGE_BYTE,
): MemoryBudget {
  let used = 0;
  return {
    get used() {
      return used;
    },
    max: maxBytes,
    tryReserve(messageBytes) {
      const cost = messageBytes * perByte;
      if (used + cost > maxBytes) return false;
      used += cost;
      return true;
    },
    fits(messageBytes) {
      return used + messageBytes * perByte <= maxBytes;
    },
    release(messageBytes) {
      used = Math.max(0, used - messageBytes * perByte);
    },
  };
}
