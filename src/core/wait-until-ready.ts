/**
 * Start-up waits for the database and Redis instead of crashing: in a compose file or after a
 * host reboot they often come up seconds after Rebound. Each attempt is logged; after the
 * deadline the last error is thrown so a supervisor sees a clear start failure.
 */
import type { Logger } from 'pino';
import { describeError } from '../errors.js';

export interface WaitOptions {
  /** What is awaited, for the log (`database`, `redis`). */
  what: string;
  logger: Logger;
  /** Give up after this long (ms). */
  deadlineMs: number;
  /** First delay between attempts (ms); doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** For tests: the clock and the sleep. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `attempt` until it resolves, with exponential back-off, logging each failure. */
export async function waitUntilReady<T>(
  attempt: () => Promise<T>,
  options: WaitOptions,
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = now();
  let delay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 15_000;
  for (let tries = 1; ; tries++) {
    try {
      const result = await attempt();
      if (tries > 1)
        options.logger.info({ event: 'service.dependency.ready', what: options.what, tries });
      return result;
    } catch (error) {
      const waited = now() - started;
      if (waited + delay > options.deadlineMs) {
        options.logger.error({
          event: 'service.dependency.gave_up',
          what: options.what,
          tries,
          waitedMs: waited,
          err: error,
        });
        throw error;
      }
      options.logger.warn({
        event: 'service.dependency.waiting',
        what: options.what,
        attempt: tries,
        retryInMs: delay,
        reason: describeError(error),
      });
      await sleep(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
