/**
 * Builds the qualify function the worker uses: the rule sets of RULES_DIR, compiled once.
 * A broken rule directory stops the start with RULES_* codes: a worker must never qualify
 * with half a rule set.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createQualifier, type CompiledRuleSet, type Qualifier } from '../qualify/index.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import { loadRuleDirectory } from '../rules-source/index.js';

export interface QualifierHandle {
  qualify(input: QualifyInput): Verdict;
  /** The compiled sets in force (shipped sets, later merged with staff rules). */
  ruleSets(): readonly CompiledRuleSet[];
  /** Swaps in new rule sets; running qualifications finish with the old ones. */
  replace(ruleSets: readonly CompiledRuleSet[]): void;
}

export function createQualifierHandle(ruleSets: readonly CompiledRuleSet[]): QualifierHandle {
  let current: Qualifier = createQualifier(ruleSets);
  return {
    qualify: (input) => current.qualify(input),
    ruleSets: () => current.ruleSets,
    replace(next) {
      current = createQualifier(next);
    },
  };
}

export async function loadQualifier(config: Readonly<Config>, logger: Logger): Promise<QualifierHandle> {
  const loaded = await loadRuleDirectory(config.rulesDir);
  if (!loaded.ok) throw loaded.error;
  logger.info({
    event: 'worker.rules.loaded',
    dir: config.rulesDir,
    sets: loaded.ruleSets.map((set) => `${set.name}@${set.version}`),
    rules: loaded.ruleSets.reduce((sum, set) => sum + set.rules.length, 0),
  });
  return createQualifierHandle(loaded.ruleSets);
}
