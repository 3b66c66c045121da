/**
 * The nightly `rules-sync` task: syncs from RULES_SOURCE_URL when set, else from RULES_DIR.
 * A failed source throws, so the scheduler logs `scheduler.task.failed`; nothing is changed.
 */
import type { NightlyTask } from '../scheduler/index.js';
import { runRuleSync, summarizeSync, type RunRuleSyncDeps } from './run-rule-sync.js';

export function createRuleSyncTask(
  deps: RunRuleSyncDeps & { rulesDir: string; rulesSourceUrl?: string },
): NightlyTask {
  return {
    name: 'rules-sync',
    async run(now) {
      const source = deps.rulesSourceUrl ?? deps.rulesDir;
      const result = await runRuleSync(source, deps, { actor: 'nightly', now });
      if (!result.ok) throw result.error;
      return {
        ...summarizeSync(result.report),
        notModified: result.notModified,
        ...(result.requalified
          ? {
              requalifiedEvents: result.requalified.events,
              changedAddresses: result.requalified.changedAddresses,
            }
          : {}),
      };
    },
  };
}
