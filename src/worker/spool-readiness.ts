/**
 * Readiness as the spool shows it, true in any process that serves the API (whichever process
 * runs the workers): not ready when the oldest `received` message has waited too long (workers
 * down, stuck or too slow) or too many messages ended `failed` lately.
 */
import type { Database } from '../store/database.js';
import { countFailedSince, oldestPendingReceivedAt } from '../store/spool-repository.js';

export interface SpoolReadinessLimits {
  /** Oldest `received` message allowed, in seconds (0: off). */
  maxPendingAgeSeconds: number;
  /** `failed` messages allowed within the window (0: off). */
  maxFailedMessages: number;
  failureWindowMinutes: number;
}

export function createSpoolReadinessCheck(
  db: Database,
  limits: SpoolReadinessLimits,
  now: () => Date = () => new Date(),
): () => Promise<void> {
  return async () => {
    const at = now();
    if (limits.maxPendingAgeSeconds > 0) {
      const oldest = await oldestPendingReceivedAt(db);
      const waited = oldest ? Math.floor((at.getTime() - oldest.getTime()) / 1000) : 0;
      if (waited > limits.maxPendingAgeSeconds)
        throw new Error(
          `oldest received message waited ${waited} s (limit ${limits.maxPendingAgeSeconds} s)`,
        );
    }
    if (limits.maxFailedMessages > 0) {
      const since = new Date(at.getTime() - limits.failureWindowMinutes * 60_000);
      const failed = await countFailedSince(db, since);
      if (failed >= limits.maxFailedMessages)
        throw new Error(
          `${failed} messages failed in the last ${limits.failureWindowMinutes} min (limit ${limits.maxFailedMessages})`,
        );
    }
  };
}
