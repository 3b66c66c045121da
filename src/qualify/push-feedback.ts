/**
 * Push feedback: a provider's error code (APNs reason, FCM error code) mapped by the push rule
 * set to a failure type, reason and whether the send may be retried.
 */
import type { Verdict } from './types.js';
import type { CompiledRuleSet } from './compile-rule-set.js';
import { findMatchingRule } from './match-rule.js';
import { verdictFromMatch } from './qualifier.js';
import type { PushProvider } from './rule-schema.js';

/** What one push feedback means. */
export interface PushFeedbackResult {
  /** `PUSH <provider> <code>`: the qualification key. */
  normalizedText: string;
  verdict: Verdict;
  /** Whether the send may be retried; false when no rule says so. */
  retry: boolean;
}

/** Qualifies one provider error code with a push rule set. Codes compare case-insensitively. */
export function qualifyPushFeedback(
  provider: PushProvider,
  code: string,
  ruleSet: CompiledRuleSet,
): PushFeedbackResult {
  // Codes are identifiers; anything else (spaces, a long message) is cut to its first word.
  const cleanCode = code.trim().split(/\s+/)[0] || 'UNKNOWN';
  const normalizedText = `PUSH ${provider} ${cleanCode}`;
  const facts = { channel: 'push' as const, normalizedText, provider, code: cleanCode };
  const hit = findMatchingRule([ruleSet], facts);
  const verdict = verdictFromMatch(hit, [ruleSet], facts);
  return { normalizedText, verdict, retry: hit?.rule.retry ?? false };
}
