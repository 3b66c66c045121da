/**
 * Validation of one rule written by staff, with the same schema and compiler as the rule-set
 * files: the rule is compiled inside its set's header (so channel-specific fields are checked)
 * and its own examples must give what they expect. Problems become API_BAD_REQUEST with the
 * field and the pattern code named, e.g. `match.textRegex: QUALIFY_PATTERN_TOO_LONG: is 5000
 * characters long, …`. A new regex rule must also fit its staff set's RULE_MAX_REGEX_RULES.
 */
import { AppError } from '../errors.js';
import {
  DEFAULT_RULE_LIMITS,
  RuleSetError,
  checkRuleExamples,
  compileRuleSet,
  describeIssue,
  exactTextOf,
  type CompiledRuleSet,
  type RuleData,
  type RuleLimits,
} from '../qualify/index.js';
import { isStaffSet } from './compose-rule-sets.js';
import type { RuleSetHeader } from '../store/rule-set-version-repository.js';

/** Returns the validated rule (defaults applied) or throws API_BAD_REQUEST. */
export function validateStaffRule(
  ruleSet: string,
  data: unknown,
  headers: ReadonlyMap<string, RuleSetHeader>,
  options: {
    examples?: boolean;
    limits?: RuleLimits;
    /** The sets in force: a new regex rule must leave its staff set within the count limit. */
    inForce?: readonly CompiledRuleSet[];
  } = {},
): RuleData {
  const limits = options.limits ?? DEFAULT_RULE_LIMITS;
  const header = headers.get(ruleSet);
  if (!header) {
    const known = [...headers.keys()].join(', ');
    throw new AppError(
      'API_BAD_REQUEST',
      `ruleSet: unknown rule set "${ruleSet}" (known: ${known})`,
    );
  }
  let compiled;
  try {
    compiled = compileRuleSet({ ...header, rules: [data] }, limits);
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    const problems = error.issues.map(describeIssue);
    const codes = error.issues.flatMap((issue) => (issue.code ? [issue.code] : []));
    throw new AppError('API_BAD_REQUEST', problems.join('; '), { details: { problems, codes } });
  }
  const rule = compiled.data.rules[0]!;
  assertRegexRoom(rule, header, limits, options.inForce ?? []);
  // A disabled rule is not compiled, so its examples cannot run; they are checked on enabling.
  const failures = options.examples === false ? [] : checkRuleExamples(compiled);
  if (failures.length > 0) {
    const problems = failures.map(
      (f) =>
        `examples.${f.exampleIndex}: expects ${f.expected.type}/${f.expected.reason}, the rule gives ` +
        `${f.actual.ruleId ? `${f.actual.type}/${f.actual.reason}` : 'no match'} for "${f.normalizedText}"`,
    );
    throw new AppError('API_BAD_REQUEST', problems.join('; '), { details: { problems } });
  }
  return rule;
}

/** Counts the staff set's regex rules as composeRuleSets will build it with this rule in it. */
function assertRegexRoom(
  rule: RuleData,
  header: RuleSetHeader,
  limits: RuleLimits,
  inForce: readonly CompiledRuleSet[],
): void {
  const isRegexRule = (data: RuleData) =>
    data.enabled &&
    data.match.textRegex !== undefined &&
    exactTextOf(data.match, header.channel) === undefined;
  if (!isRegexRule(rule)) return;
  const staffSet = inForce.find((set) => set.name === header.name && isStaffSet(set));
  const others = (staffSet?.rules ?? []).filter((r) => r.id !== rule.id && isRegexRule(r.data));
  if (others.length < limits.maxRegexRules) return;
  const problem =
    `match.textRegex: QUALIFY_PATTERN_TOO_MANY: rule set "${header.name}" already has ` +
    `${others.length} staff regex rules, the limit (RULE_MAX_REGEX_RULES) is ${limits.maxRegexRules}`;
  throw new AppError('API_BAD_REQUEST', problem, {
    details: { problems: [problem], codes: ['QUALIFY_PATTERN_TOO_MANY'] },
  });
}
