/**
 * One rule sync end to end, as the CLI, the nightly task and the start-up run it: load the
 * source (nothing changes when it is broken), apply, re-decide the texts the change concerns,
 * and tell the running qualifier.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import { verdictFor, type CompiledRuleSet, type RuleLimits } from '../qualify/index.js';
import type { PolicyConfig } from '../quarantine/types.js';
import type { RuleSourceError } from './index.js';
import { loadRuleSource } from './load-rule-source.js';
import { loadStoredRuleSets } from './live-rules.js';
import { requalifyAfterRuleChange, type RequalifyOutcome } from './requalify.js';
import { syncRuleSets, type RuleSyncOptions, type RuleSyncReport } from './sync-rules.js';

export interface RunRuleSyncDeps {
  db: Database;
  policy: PolicyConfig;
  /** Shipped sets of RULES_DIR (for sets not stored yet). */
  fallback: readonly CompiledRuleSet[];
  logger?: Logger;
  /** Bounds on the rules' regexes (RULE_MAX_PATTERN_LENGTH, RULE_MAX_REGEX_RULES). */
  limits?: RuleLimits;
  /** Called after a sync that changed something (the running qualifier reloads). */
  onChanged?: () => Promise<void>;
}

export type RunRuleSyncResult =
  | { ok: true; report: RuleSyncReport; notModified: boolean; requalified?: RequalifyOutcome }
  | { ok: false; source: string; error: RuleSourceError };

/** Syncs from a directory or an HTTP(S) URL. */
export async function runRuleSync(
  source: string,
  deps: RunRuleSyncDeps,
  options: { dryRun?: boolean; actor: string; now: Date; skip?: RuleSyncOptions['skip'] },
): Promise<RunRuleSyncResult> {
  const loaded = await loadRuleSource(deps.db, source, {
    useEtag: !options.dryRun,
    ...(deps.limits && { limits: deps.limits }),
  });
  if (!loaded.ok) {
    deps.logger?.error({
      event: 'rules.sync.failed',
      source: loaded.source,
      code: loaded.error.code,
      err: loaded.error,
    });
    return loaded;
  }
  const report = await syncRuleSets(deps.db, {
    source: loaded.source,
    ruleSets: loaded.ruleSets,
    ...(loaded.etag ? { etag: loaded.etag } : {}),
    dryRun: options.dryRun === true,
    actor: options.actor,
    now: options.now,
    ...(options.skip ? { skip: options.skip } : {}),
  });
  deps.logger?.info({
    event: 'rules.sync.done',
    ...summarizeSync(report),
    notModified: loaded.notModified,
  });
  if (!report.changed || report.dryRun)
    return { ok: true, report, notModified: loaded.notModified };
  await deps.onChanged?.();
  const current = await loadStoredRuleSets(deps.db, deps.fallback, deps.logger, deps.limits);
  const requalified = await requalifyAfterRuleChange(report.changedRuleIds, {
    db: deps.db,
    policy: deps.policy,
    decide: (facts) => verdictFor(current.ruleSets, facts),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return { ok: true, report, notModified: loaded.notModified, requalified };
}

/** Counts for a log line or a nightly-task summary. */
export function summarizeSync(report: RuleSyncReport): Record<string, unknown> {
  const total = (pick: (set: RuleSyncReport['sets'][number]) => number) =>
    report.sets.reduce((sum, set) => sum + pick(set), 0);
  return {
    source: report.source,
    dryRun: report.dryRun,
    changed: report.changed,
    sets: report.sets.map((set) => `${set.ruleSet}@${set.version}`),
    added: total((s) => s.added.length),
    updated: total((s) => s.updated.length),
    unchanged: total((s) => s.unchanged),
    conflicts: total((s) => s.conflicts.length),
    promoted: total((s) => s.promoted.length),
    retired: total((s) => s.retired.length),
  };
}
