/**
 * The worker's own view of whether it works: a run of consecutive failed attempts (every
 * message failing — a full heap, a refused database) makes its readiness check fail until a
 * message goes through again.
 */
export interface WorkerHealth {
  succeeded(): void;
  failed(): void;
  /** Resolves when healthy; rejects naming the streak otherwise (a /readyz check). */
  check(): Promise<void>;
}

/** `maxConsecutiveFailures` 0 turns the check off. */
export function createWorkerHealth(options: { maxConsecutiveFailures: number }): WorkerHealth {
  let streak = 0;
  return {
    succeeded() {
      streak = 0;
    },
    failed() {
      streak += 1;
    },
    async check() {
      const limit = options.maxConsecutiveFailures;
      if (limit > 0 && streak >= limit)
        throw new Error(`${streak} consecutive message attempts failed (limit ${limit})`);
    },
  };
}
