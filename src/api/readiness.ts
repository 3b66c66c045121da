import { withTimeout } from '../core/timeout.js';

export interface ReadinessVerdict {
  ready: boolean;
  /** Each check's name: `ok`, or why it failed. */
  checks: Record<string, string>;
}

/** Runs every readiness check (2 s each): the verdict /readyz answers and /metrics exports. */
export async function runReadinessChecks(
  checks: Record<string, () => Promise<void>>,
): Promise<ReadinessVerdict> {
  const verdict: ReadinessVerdict = { ready: true, checks: {} };
  for (const [name, check] of Object.entries(checks)) {
    try {
      await withTimeout(check(), 2_000, name);
      verdict.checks[name] = 'ok';
    } catch (error) {
      verdict.ready = false;
      verdict.checks[name] = (error as Error).message || 'unreachable';
    }
  }
  return verdict;
}
