/**
 * A dry run of one staff rule for the console's rule editor: the same validation as a save
 * (schema, RE2 compiler, limits), then the rule's own examples and a pasted text run against
 * the rule alone, and the pasted text against the rules in force. Nothing is stored; problems
 * come back as data (field and message) so the editor can show each beside its control.
 */
import { isAppError } from '../errors.js';
import type { Category, FailureType, Reason } from '../core/vocabulary.js';
import {
  checkRuleExamples,
  compileRuleSet,
  createQualifier,
  normalizeErrorText,
  type RuleData,
} from '../qualify/index.js';
import type { LiveRules } from './live-rules.js';
import { validateStaffRule } from './validate-rule.js';

/** A pasted failure: the error text and, optionally, what the parser would have read with it. */
export interface TrialSample {
  text: string;
  category?: Category;
  status?: string;
  replyCode?: string;
  domain?: string;
}

export interface TrialVerdict {
  type: FailureType;
  reason: Reason;
  ruleId: string | null;
}

export interface RuleTrial {
  /** True when a save would be accepted (structure, pattern, limits and every example). */
  valid: boolean;
  /** `field` is the rule's dotted path (`match.textRegex`, `examples.0`), or `rule`. */
  problems: Array<{ field: string; message: string }>;
  examples: Array<{
    index: number;
    ok: boolean;
    expected: { type: string; reason: string };
    actual: { type: string; reason: string; ruleId: string | null };
    normalizedText: string;
  }>;
  sample: {
    normalizedText: string;
    /** Whether this rule, alone, decides the text. */
    matches: boolean;
    withRule: TrialVerdict | null;
    /** What the rules in force decide for the text today. */
    inForce: TrialVerdict & { toQualify: boolean };
  } | null;
}

export function tryStaffRule(
  live: LiveRules,
  ruleSet: string,
  data: unknown,
  sample?: TrialSample,
): RuleTrial {
  const trial: RuleTrial = { valid: false, problems: [], examples: [], sample: null };
  const header = live.headers().get(ruleSet);
  const channel = header?.channel ?? 'email';
  let rule: RuleData | undefined;
  try {
    rule = validateStaffRule(ruleSet, data, live.headers(), {
      examples: false,
      limits: live.limits,
      inForce: live.handle.ruleSets(),
    });
  } catch (error) {
    if (!isAppError(error) || error.code !== 'API_BAD_REQUEST') throw error;
    const problems = (error.details?.problems as string[] | undefined) ?? [error.message];
    trial.problems = problems.map(splitProblem);
  }
  const compiled =
    rule && header ? compileRuleSet({ ...header, rules: [rule] }, live.limits) : null;
  if (rule && compiled) {
    const failures = checkRuleExamples(compiled);
    trial.examples = rule.examples.map((example, index) => {
      const failure = failures.find((f) => f.exampleIndex === index);
      const expected = { type: example.expect.type, reason: example.expect.reason };
      if (failure) {
        trial.problems.push({
          field: `examples.${index}`,
          message: `expects ${expected.type}/${expected.reason}, the rule gives ${
            failure.actual.ruleId ? `${failure.actual.type}/${failure.actual.reason}` : 'no match'
          }`,
        });
      }
      return {
        index,
        ok: !failure,
        expected,
        actual: failure
          ? { ...pickVerdict(failure.actual) }
          : { ...expected, ruleId: example.expect.ruleId ?? rule.id },
        normalizedText: failure?.normalizedText ?? normalizeErrorText(example.input.text),
      };
    });
  }
  trial.valid = rule !== undefined && trial.problems.length === 0;
  if (sample && sample.text.trim() !== '') {
    const input = {
      channel,
      category: sample.category ?? ('undefined' as Category),
      text: sample.text,
      ...(sample.status ? { status: sample.status } : {}),
      ...(sample.replyCode ? { replyCode: sample.replyCode } : {}),
      ...(sample.domain ? { domain: sample.domain } : {}),
    };
    const alone = compiled ? createQualifier([compiled]).qualify(input) : null;
    const now = live.handle.qualify(input);
    const matches = alone !== null && rule !== undefined && alone.ruleId === rule.id;
    trial.sample = {
      normalizedText: now.normalizedText,
      matches,
      withRule: matches && alone ? pickVerdict(alone) : null,
      inForce: { ...pickVerdict(now), toQualify: now.toQualify },
    };
  }
  return trial;
}

/** `match.textRegex: QUALIFY_PATTERN_INVALID: …` → its field and the rest. */
function splitProblem(problem: string): { field: string; message: string } {
  const at = problem.indexOf(': ');
  const field = at > 0 ? problem.slice(0, at) : '';
  return /^[A-Za-z][\w.[\]]*$/.test(field)
    ? { field, message: problem.slice(at + 2) }
    : { field: 'rule', message: problem };
}

function pickVerdict(v: { type: string; reason: string; ruleId?: string }): TrialVerdict {
  return { type: v.type as FailureType, reason: v.reason as Reason, ruleId: v.ruleId ?? null };
}
