/**
 * Rules at service start: the shipped sets of RULES_DIR are loaded (a broken directory stops
 * the start: a worker must never qualify with half a rule set), synced into the rules table
 * (so staff see them in GET /api/rules), and the rules in force are compiled from the table.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../store/database.js';
import { loadRuleDirectory } from './index.js';
import { verdictFor, type CompiledRuleSet } from '../qualify/index.js';
import { isUrlSource } from './load-rule-source.js';
import { loadStoredRuleSets, startLiveRules, type LiveRules } from './live-rules.js';
import { requalifyAfterRuleChange } from './requalify.js';
import { summarizeSync } from './run-rule-sync.js';
import { syncRuleSets } from './sync-rules.js';

export async function loadShippedRuleSets(
  config: Readonly<Config>,
  logger: Logger,
): Promise<CompiledRuleSet[]> {
  const loaded = await loadRuleDirectory(config.rulesDir, { limits: config.ruleLimits });
  if (!loaded.ok) throw loaded.error;
  logger.info({
    event: 'worker.rules.loaded',
    dir: config.rulesDir,
    sets: loaded.ruleSets.map((set) => `${set.name}@${set.version}`),
    rules: loaded.ruleSets.reduce((sum, set) => sum + set.rules.length, 0),
  });
  return loaded.ruleSets;
}

/**
 * Syncs the shipped sets into the table. A set last applied from a URL (RULES_SOURCE_URL) is
 * left alone: the URL is then the source of truth, and a restart must not revert it.
 */
export async function syncShippedRules(
  db: Database,
  shipped: readonly CompiledRuleSet[],
  config: Readonly<Config>,
  logger: Logger,
): Promise<void> {
  const report = await syncRuleSets(db, {
    source: config.rulesDir,
    ruleSets: shipped,
    actor: 'start',
    now: new Date(),
    skip: (latest) =>
      latest && isUrlSource(latest.source) ? `last applied from ${latest.source}` : undefined,
  });
  if (!report.changed) return;
  logger.info({ event: 'rules.sync.done', ...summarizeSync(report) });
  const current = await loadStoredRuleSets(db, shipped, logger, config.ruleLimits);
  await requalifyAfterRuleChange(report.changedRuleIds, {
    db,
    policy: config.policy,
    decide: (facts) => verdictFor(current.ruleSets, facts),
    logger,
  });
}

/** Loads, syncs and starts the live rules of a process that qualifies (worker, api). */
export async function startRules(
  db: Database,
  config: Readonly<Config>,
  logger: Logger,
): Promise<LiveRules> {
  const shipped = await loadShippedRuleSets(config, logger);
  await syncShippedRules(db, shipped, config, logger);
  return startLiveRules({ db, fallback: shipped, logger, limits: config.ruleLimits });
}
