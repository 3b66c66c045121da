/**
 * The rules in force in one process: compiled from the rules table and the set headers of
 * rule_set_versions, rebuilt at once after a change made here, and within `pollMs` after a
 * change made by another process (several workers, an API, the CLI), by polling a cheap
 * fingerprint of the two tables.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import { listRules, rulesFingerprint } from '../store/rule-repository.js';
import {
  latestRuleSetVersions,
  newestRuleSetVersionId,
  type RuleSetHeader,
} from '../store/rule-set-version-repository.js';
import {
  DEFAULT_RULE_LIMITS,
  onPatternFailure,
  verdictFor,
  type CompiledRuleSet,
  type RuleLimits,
  type MatchFacts,
  type Verdict,
} from '../qualify/index.js';
import { createQualifierHandle, type QualifierHandle } from './load-qualifier.js';
import { composeRuleSets, headerOf, type ComposeResult } from './compose-rule-sets.js';

/** How often a process looks for rule changes made elsewhere. */
export const RULES_POLL_MS = 30_000;

export interface LiveRules {
  /** qualify() for the worker and the API; swaps to new rules without a restart. */
  readonly handle: QualifierHandle;
  /** The shipped sets loaded from RULES_DIR at start (used until a set is stored). */
  readonly fallback: readonly CompiledRuleSet[];
  /** Verdict for facts whose text is already normalized (re-qualification of stored events). */
  decide(facts: MatchFacts): Verdict;
  /** The bounds every rule of this process is compiled and validated within. */
  readonly limits: RuleLimits;
  /** Headers of the sets in force (name, channel, version, smsc), by set name. */
  headers(): ReadonlyMap<string, RuleSetHeader>;
  /** Rebuilds from the database now. */
  refresh(): Promise<void>;
  stop(): void;
}

/** Loads the stored rules and compiles the sets in force. */
export async function loadStoredRuleSets(
  db: Database,
  fallback: readonly CompiledRuleSet[],
  logger?: Logger,
  limits?: RuleLimits,
): Promise<{ ruleSets: CompiledRuleSet[]; headers: Map<string, RuleSetHeader> }> {
  const versions = await latestRuleSetVersions(db);
  const headers = new Map([...versions].map(([name, v]) => [name, v.summary.header]));
  for (const set of fallback) if (!headers.has(set.name)) headers.set(set.name, headerOf(set));
  const stored = await listRules(db);
  const composed = composeRuleSets(headers, stored, fallback, limits);
  if (logger) logBrokenRules(composed.broken, logger);
  return { ruleSets: composed.ruleSets, headers };
}

/** One `rules.rule.broken` line per rule left out: staff see which rule and why. */
export function logBrokenRules(broken: ComposeResult['broken'], logger: Logger): void {
  for (const rule of broken) logger.error({ event: 'rules.rule.broken', ...rule });
}

export async function startLiveRules(options: {
  db: Database;
  fallback: readonly CompiledRuleSet[];
  logger: Logger;
  /** 0 disables polling (a process alone on its database). */
  pollMs?: number;
  limits?: RuleLimits;
}): Promise<LiveRules> {
  const { db, fallback, logger } = options;
  const limits = options.limits ?? DEFAULT_RULE_LIMITS;
  onPatternFailure(({ source, error }) =>
    logger.error({
      event: 'rules.pattern.failed',
      code: 'QUALIFY_PATTERN_FAILED',
      pattern: source.slice(0, 200),
      err: error,
    }),
  );
  const first = await loadStoredRuleSets(db, fallback, logger, limits);
  const handle = createQualifierHandle(first.ruleSets);
  let headers = first.headers;
  let fingerprint = await fingerprintOf(db);
  const refresh = async () => {
    const seen = await fingerprintOf(db);
    const next = await loadStoredRuleSets(db, fallback, logger, limits);
    handle.replace(next.ruleSets);
    headers = next.headers;
    fingerprint = seen;
    logger.info({
      event: 'rules.reloaded',
      sets: next.ruleSets.map((set) => `${set.name}@${set.version}`),
    });
  };
  let polling = false;
  const timer =
    (options.pollMs ?? RULES_POLL_MS) > 0
      ? setInterval(() => {
          if (polling) return;
          polling = true;
          fingerprintOf(db)
            .then((seen) => (seen === fingerprint ? undefined : refresh()))
            .catch((error: unknown) => logger.warn({ event: 'rules.poll_failed', err: error }))
            .finally(() => (polling = false));
        }, options.pollMs ?? RULES_POLL_MS)
      : undefined;
  timer?.unref();
  return {
    handle,
    fallback,
    limits,
    decide: (facts) => verdictFor(handle.ruleSets(), facts),
    headers: () => headers,
    refresh,
    stop: () => clearInterval(timer),
  };
}

async function fingerprintOf(db: Database): Promise<string> {
  return `${await rulesFingerprint(db)}#${await newestRuleSetVersionId(db)}`;
}
