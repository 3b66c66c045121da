/**
 * The qualify function the worker and the API use, over rule sets that can be swapped while
 * running (src/rule-sets/live-rules.ts builds them from the rules table and reloads them).
 */
import { createQualifier, type CompiledRuleSet, type Qualifier } from '../qualify/index.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';

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
