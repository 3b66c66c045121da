/**
 * Rule matching: does one compiled rule apply to the facts of one failure, and which rule of
 * several sets wins. Conditions are checked cheapest first; the regex runs last.
 */
import type { Category, Channel } from '../core/vocabulary.js';
import { byPrecedence } from './compile-rule-set.js';
import type { CompiledMatch, CompiledRule, CompiledRuleSet } from './compile-rule-set.js';

/** What the matcher knows about one failure. Texts are already normalized. */
export interface MatchFacts {
  channel: Channel;
  category?: Category;
  status?: string;
  replyCode?: string;
  normalizedText: string;
  domain?: string;
  smsc?: string;
  provider?: string;
  code?: string;
}

/** The winning rule and the set it came from. */
export interface RuleMatchResult {
  rule: CompiledRule;
  ruleSet: CompiledRuleSet;
}

/** The highest-precedence rule of all sets (of the facts' channel) that matches, if any. */
export function findMatchingRule(
  ruleSets: readonly CompiledRuleSet[],
  facts: MatchFacts,
): RuleMatchResult | undefined {
  const prepared = prepare(facts);
  let best: RuleMatchResult | undefined;
  for (const ruleSet of ruleSets) {
    if (ruleSet.channel !== facts.channel) continue;
    // Rules are sorted by precedence, so the first match is the set's best.
    const scanned = ruleSet.scanRules.find((candidate) => matches(candidate.match, prepared));
    const exact = ruleSet.exactText.get(prepared.lowerText);
    const exactHit = exact && matches(exact.match, prepared) ? exact : undefined;
    const rule = exactHit && (!scanned || byPrecedence(exactHit, scanned) < 0) ? exactHit : scanned;
    if (rule && (!best || byPrecedence(rule, best.rule) < 0)) best = { rule, ruleSet };
  }
  return best;
}

interface PreparedFacts extends MatchFacts {
  lowerText: string;
  lowerDomain?: string;
  lowerSmsc?: string;
  lowerProvider?: string;
  lowerCode?: string;
}

function prepare(facts: MatchFacts): PreparedFacts {
  return {
    ...facts,
    lowerText: facts.normalizedText.toLowerCase(),
    ...(facts.domain !== undefined && { lowerDomain: facts.domain.toLowerCase() }),
    ...(facts.smsc !== undefined && { lowerSmsc: facts.smsc.toLowerCase() }),
    ...(facts.provider !== undefined && { lowerProvider: facts.provider.toLowerCase() }),
    ...(facts.code !== undefined && { lowerCode: facts.code.toLowerCase() }),
  };
}

function matches(m: CompiledMatch, f: PreparedFacts): boolean {
  if (m.channel !== undefined && m.channel !== f.channel) return false;
  if (m.categories && (f.category === undefined || !m.categories.has(f.category))) return false;
  if (m.status && !m.status.some((s) => statusMatches(s, f.status))) return false;
  if (m.replyCodes && !m.replyCodes.some((r) => f.replyCode?.startsWith(r) === true)) return false;
  if (m.temporary !== undefined && m.temporary !== isTemporary(f)) return false;
  if (m.domains && !m.domains.some((d) => domainMatches(d, f.lowerDomain))) return false;
  if (m.smsc && (f.lowerSmsc === undefined || !m.smsc.has(f.lowerSmsc))) return false;
  if (m.providers && (f.lowerProvider === undefined || !m.providers.has(f.lowerProvider)))
    return false;
  if (m.codes && (f.lowerCode === undefined || !m.codes.has(f.lowerCode))) return false;
  if (m.textContains && !m.textContains.some((part) => f.lowerText.includes(part))) return false;
  if (m.textRegex && !m.textRegex.test(f.normalizedText)) return false;
  return true;
}

/** RFC 3463 class 4 / RFC 5321 4yz: the sender may try again; nothing is said of the address. */
function isTemporary(f: MatchFacts): boolean {
  if (f.status !== undefined) return f.status.startsWith('4');
  return f.replyCode?.startsWith('4') === true;
}

/** "5.1" matches "5.1.1" and "5.1.10" but not "5.10.1": prefixes are by component. */
function statusMatches(pattern: string, status: string | undefined): boolean {
  if (status === undefined) return false;
  return status === pattern || status.startsWith(`${pattern}.`);
}

function domainMatches(pattern: string, domain: string | undefined): boolean {
  if (domain === undefined) return false;
  if (!pattern.startsWith('*.')) return domain === pattern;
  const base = pattern.slice(2);
  return domain === base || domain.endsWith(`.${base}`);
}
