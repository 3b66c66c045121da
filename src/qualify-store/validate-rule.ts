/**
 * Validation of one rule written by staff, with the same schema and compiler as the rule-set
 * files: the rule is compiled inside its set's header (so channel-specific fields are checked)
 * and its own examples must give what they expect. Problems become API_BAD_REQUEST with the
 * field named, e.g. `match.textRegex: is not a valid RE2 regex (...)`.
 */
import { AppError } from '../errors.js';
import {
  RuleSetError,
  checkRuleExamples,
  compileRuleSet,
  type RuleData,
} from '../qualify/index.js';
import type { RuleSetHeader } from '../store/rule-set-version-repository.js';

/** Returns the validated rule (defaults applied) or throws API_BAD_REQUEST. */
export function validateStaffRule(
  ruleSet: string,
  data: unknown,
  headers: ReadonlyMap<string, RuleSetHeader>,
  options: { examples?: boolean } = {},
): RuleData {
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
    compiled = compileRuleSet({ ...header, rules: [data] });
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    const problems = error.issues.map((issue) => `${issue.field}: ${issue.message}`);
    throw new AppError('API_BAD_REQUEST', problems.join('; '), { details: { problems } });
  }
  const rule = compiled.data.rules[0]!;
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
