/**
 * Turns the text of one source (a file, an HTTP body) into compiled rule sets. A body is one
 * rule set, or a bundle `{ "ruleSets": [ ... ] }`; all of it compiles or none of it is used.
 */
import { RuleSetError, compileRuleSet } from '../qualify/index.js';
import type { CompiledRuleSet, RuleLimits } from '../qualify/index.js';
import { RuleSourceError } from './rule-source-error.js';

export function compileSourceText(
  source: string,
  text: string,
  limits?: RuleLimits,
): CompiledRuleSet[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RuleSourceError('RULES_SOURCE_INVALID_JSON', source, `is not JSON (${message})`, {
      cause: error,
    });
  }
  const bundle = (data as { ruleSets?: unknown } | null)?.ruleSets;
  const items = Array.isArray(bundle) ? bundle : [data];
  try {
    const sets = items.map((item) => compileRuleSet(item, limits));
    assertDistinctNames(source, sets);
    return sets;
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    throw new RuleSourceError('RULES_SOURCE_INVALID', source, error.message, {
      cause: error,
      issues: [...error.issues],
    });
  }
}

/** Two sets with one name would make "which version decided" ambiguous. */
export function assertDistinctNames(source: string, sets: readonly CompiledRuleSet[]): void {
  const seen = new Set<string>();
  for (const set of sets) {
    if (seen.has(set.name)) {
      const message = `rule set "${set.name}" appears twice`;
      throw new RuleSourceError('RULES_SOURCE_INVALID', source, message);
    }
    seen.add(set.name);
  }
}
