/**
 * The rule sync: applies rule sets from a source to the rules table as new versions, promotes
 * staff Keep rows into rules, and never overwrites a rule staff created or edited (reported as
 * a conflict). Idempotent: a second run with the same source changes nothing. One transaction
 * under an advisory lock, so processes starting together do not race.
 */
import { type Database, withTransaction } from '../store/database.js';
import { listStaffKeepRows, lockRuleSync } from '../store/qualification-rule-repository.js';
import { deleteRules, listRules, upsertRules } from '../store/rule-repository.js';
import {
  insertRuleSetVersion,
  latestRuleSetVersions,
  type RuleSetVersionRecord,
} from '../store/rule-set-version-repository.js';
import { insertChangeAudits } from '../store/change-audit-repository.js';
import {
  applyRuleSyncPlan,
  planRuleSync,
  type CompiledRuleSet,
  type RuleSyncPlan,
  type StoredRule,
} from '../qualify/index.js';
import { headerOf } from './compose-rule-sets.js';
import { canonicalJson } from '../core/canonical-json.js';

/** What a sync did (or, dry, would do) to one set. */
export interface RuleSetSyncReport {
  ruleSet: string;
  version: string;
  previousVersion?: string;
  /** True when anything (rules or the set's header) changes. */
  changed: boolean;
  added: string[];
  updated: string[];
  unchanged: number;
  conflicts: Array<{ id: string; why: string }>;
  promoted: string[];
  retired: string[];
  /** Why the set was left alone, when it was. */
  skipped?: string;
}

export interface RuleSyncReport {
  source: string;
  dryRun: boolean;
  changed: boolean;
  sets: RuleSetSyncReport[];
  /** Ids of rules whose decision changed (updated, retired): their texts are re-decided. */
  changedRuleIds: string[];
}

export interface RuleSyncOptions {
  source: string;
  ruleSets: readonly CompiledRuleSet[];
  etag?: string;
  dryRun?: boolean;
  actor: string;
  now: Date;
  /** Leave a set alone (e.g. the start-up sync skips sets last applied from a URL). */
  skip?: (latest: RuleSetVersionRecord | undefined, set: CompiledRuleSet) => string | undefined;
}

export async function syncRuleSets(
  db: Database,
  options: RuleSyncOptions,
): Promise<RuleSyncReport> {
  return withTransaction(db, async (tx) => {
    await lockRuleSync(tx);
    let stored: StoredRule[] = await listRules(tx);
    const latest = await latestRuleSetVersions(tx);
    const keepRows = await listStaffKeepRows(tx);
    const report: RuleSyncReport = {
      source: options.source,
      dryRun: options.dryRun === true,
      changed: false,
      sets: [],
      changedRuleIds: [],
    };
    for (const set of options.ruleSets) {
      const previous = latest.get(set.name);
      const base = {
        ruleSet: set.name,
        version: set.version,
        ...(previous ? { previousVersion: previous.version } : {}),
      };
      const skipped = options.skip?.(previous, set);
      if (skipped) {
        report.sets.push({
          ...base,
          changed: false,
          added: [],
          updated: [],
          unchanged: 0,
          conflicts: [],
          promoted: [],
          retired: [],
          skipped,
        });
        continue;
      }
      const plan = planRuleSync(stored, set.data, keepRows);
      const header = headerOf(set);
      const headerChanged =
        !previous || canonicalJson(previous.summary.header) !== canonicalJson(header);
      const changed =
        headerChanged ||
        plan.added.length + plan.updated.length + plan.retired.length + plan.promoted.length > 0;
      const setReport = reportOf(plan, base, changed);
      report.sets.push(setReport);
      report.changedRuleIds.push(...setReport.updated, ...setReport.retired);
      report.changed ||= changed;
      const before = stored;
      // Later sets of the same channel must see this set's promotions.
      stored = applyRuleSyncPlan(stored, plan);
      if (!changed || options.dryRun) continue;
      await applyPlan(tx, plan, before, options);
      await insertRuleSetVersion(tx, {
        ruleSet: set.name,
        version: set.version,
        source: options.source,
        at: options.now,
        summary: {
          header,
          ...(options.etag ? { etag: options.etag } : {}),
          added: setReport.added,
          updated: setReport.updated,
          retired: setReport.retired,
          promoted: setReport.promoted,
          conflicts: setReport.conflicts,
          unchanged: setReport.unchanged,
          actor: options.actor,
        },
      });
    }
    return report;
  });
}

async function applyPlan(
  tx: Database,
  plan: RuleSyncPlan,
  stored: readonly StoredRule[],
  options: RuleSyncOptions,
): Promise<void> {
  const stamp = { at: options.now, actor: options.actor };
  await upsertRules(tx, [...plan.added, ...plan.updated, ...plan.promoted], stamp);
  await deleteRules(
    tx,
    plan.retired.map((rule) => rule.id),
  );
  const previous = new Map(stored.map((rule) => [rule.id, rule.data]));
  const entry = (action: string, id: string, before: unknown, after: unknown) => ({
    entity: 'rule',
    entityId: id,
    action,
    actor: options.actor,
    before,
    after,
    at: options.now,
  });
  await insertChangeAudits(tx, [
    ...plan.added.map((rule) => entry('sync_add', rule.id, null, rule.data)),
    ...plan.updated.map((rule) => entry('sync_update', rule.id, previous.get(rule.id), rule.data)),
    ...plan.retired.map((rule) => entry('sync_retire', rule.id, rule.data, null)),
    ...plan.promoted.map((rule) => entry('promote', rule.id, null, rule.data)),
  ]);
}

function reportOf(
  plan: RuleSyncPlan,
  base: Pick<RuleSetSyncReport, 'ruleSet' | 'version' | 'previousVersion'>,
  changed: boolean,
): RuleSetSyncReport {
  return {
    ...base,
    changed,
    added: plan.added.map((rule) => rule.id),
    updated: plan.updated.map((rule) => rule.id),
    unchanged: plan.unchanged.length,
    conflicts: plan.conflicts.map((conflict) => ({ id: conflict.id, why: conflict.why })),
    promoted: plan.promoted.map((rule) => rule.id),
    retired: plan.retired.map((rule) => rule.id),
  };
}
