/**
 * The email (and generic) qualifier: normalize the error text, find the winning rule, and
 * return a verdict that names the rule and rule-set version so it can be explained and replayed.
 */
import type { QualifyInput, Verdict } from './types.js';
import type { CompiledRuleSet } from './compile-rule-set.js';
import { findMatchingRule } from './match-rule.js';
import type { MatchFacts, RuleMatchResult } from './match-rule.js';
import { normalizeErrorText } from './normalize-error-text.js';

/** Qualifies failures against a fixed list of compiled rule sets. */
export interface Qualifier {
  qualify(input: QualifyInput): Verdict;
  readonly ruleSets: readonly CompiledRuleSet[];
}

/**
 * Builds a qualifier over compiled rule sets (any channels; each input only meets the sets of
 * its own channel). The highest-priority matching rule wins; ties go to the more specific rule,
 * then to the smaller id. When nothing matches the verdict is soft, reason not_defined, and the
 * text is "To qualify".
 */
export function createQualifier(ruleSets: readonly CompiledRuleSet[]): Qualifier {
  const frozen = Object.freeze([...ruleSets]);
  return Object.freeze({
    ruleSets: frozen,
    qualify(input: QualifyInput): Verdict {
      const normalizedText = normalizeErrorText(input.text);
      return verdictFor(frozen, {
        channel: input.channel,
        category: input.category,
        normalizedText,
        ...(input.status !== undefined && { status: input.status }),
        ...(input.replyCode !== undefined && { replyCode: input.replyCode }),
        ...(input.domain !== undefined && { domain: input.domain }),
      });
    },
  });
}

/**
 * The verdict for facts whose text is already normalized (SMS and push build their own texts).
 * An unmatched verdict still records the version of the sets consulted, so a replay with a
 * newer set can tell "nothing matched then" from "nothing matches now".
 */
export function verdictFor(ruleSets: readonly CompiledRuleSet[], facts: MatchFacts): Verdict {
  return verdictFromMatch(findMatchingRule(ruleSets, facts), ruleSets, facts);
}

/** The verdict for a match already found (or not) by findMatchingRule. */
export function verdictFromMatch(
  hit: RuleMatchResult | undefined,
  ruleSets: readonly CompiledRuleSet[],
  facts: MatchFacts,
): Verdict {
  if (!hit) {
    const versions = ruleSets.filter((s) => s.channel === facts.channel).map((s) => s.version);
    return {
      type: 'soft',
      reason: 'not_defined',
      normalizedText: facts.normalizedText,
      toQualify: true,
      ...(versions.length > 0 && { ruleSetVersion: versions.join('+') }),
    };
  }
  return {
    type: hit.rule.type,
    reason: hit.rule.reason,
    normalizedText: facts.normalizedText,
    ruleId: hit.rule.id,
    ruleSetVersion: hit.ruleSet.version,
    toQualify: hit.rule.provisional,
  };
}
