/**
 * SMS status reports (SR). The status and error code are pulled out with the SMSC's regexes
 * (default: the `stat:` and `err:` fields of SMPP 3.4 Appendix B) and written as
 * `SR <smsc> <status> <error>|#MESSAGE#`: the free text after the pipe is variable, so the
 * qualification table keys on the first part only.
 */
import type { Verdict } from './types.js';
import { smscKey } from './compile-rule-set.js';
import type { CompiledRuleSet, SmscExtractor } from './compile-rule-set.js';
import { findMatchingRule } from './match-rule.js';
import { verdictFromMatch } from './qualifier.js';

/** SMSC name used when the intake names none (the spec's own example uses it). */
export const DEFAULT_SMSC_NAME = 'Generic';
/** Written for a status or error code the extractor did not find. */
const MISSING_FIELD = '-';

/** What one status report means. */
export interface SmsStatusReportResult {
  smsc: string;
  status: string;
  error: string;
  /** `SR <smsc> <status> <error>|#MESSAGE#`: the qualification key. */
  normalizedText: string;
  /** `SR <smsc> <status> <error>|<the report as received>`: the table's "first text". */
  firstText: string;
  /** True when the matched rule marks the report as a success (e.g. DELIVRD). */
  delivered: boolean;
  verdict: Verdict;
}

/**
 * Extracts, normalizes and qualifies one status report with an SMS rule set.
 * The rule set decides what is a success and what an unqualified status means.
 */
export function qualifySmsStatusReport(
  text: string,
  smsc: string | undefined,
  ruleSet: CompiledRuleSet,
): SmsStatusReportResult {
  const smscName = (smsc?.trim() || DEFAULT_SMSC_NAME).replace(/\s+/g, '_');
  const extractor = ruleSet.smsc.get(smscKey(smscName)) ?? ruleSet.smsc.get('default');
  const status = extract(extractor?.status, text).toUpperCase();
  const error = extract(extractor?.error, text);
  const head = `SR ${smscName} ${status} ${error}`;
  const normalizedText = `${head}|#MESSAGE#`;
  const facts = { channel: 'sms' as const, normalizedText, smsc: smscName };
  const hit = findMatchingRule([ruleSet], facts);
  return {
    smsc: smscName,
    status,
    error,
    normalizedText,
    firstText: `${head}|${text.replace(/\s+/g, ' ').trim()}`,
    delivered: hit?.rule.delivered ?? false,
    verdict: verdictFromMatch(hit, [ruleSet], facts),
  };
}

function extract(regex: SmscExtractor['status'] | undefined, text: string): string {
  const value = regex?.exec(text)?.[1]?.trim();
  return value ? value.replace(/\s+/g, '_') : MISSING_FIELD;
}
