import { AppError } from '../errors.js';

/** One problem in a rule set, tied to the rule and field it is about. */
export interface RuleSetIssue {
  /** The rule's id, or `rules[i]` when the rule has no usable id; absent for set-level fields. */
  ruleId?: string;
  /** Dotted path inside the rule (or the set), e.g. `match.textRegex`, `reason`, `version`. */
  field: string;
  /** For a refused pattern, its code (QUALIFY_PATTERN_CODES in src/errors.ts). */
  code?: string;
  message: string;
}

/**
 * A rule set that cannot be used. Every problem is listed at once so an author fixes a file in
 * one round; nothing of a broken set is ever applied.
 */
export class RuleSetError extends AppError {
  readonly issues: readonly RuleSetIssue[];

  constructor(setName: string, issues: RuleSetIssue[]) {
    const lines = issues.map(
      (issue) => `${issue.ruleId ? `rule "${issue.ruleId}" ` : ''}${describeIssue(issue)}`,
    );
    super('QUALIFY_RULESET_INVALID', `rule set "${setName}" is invalid:\n  ${lines.join('\n  ')}`, {
      details: { issues },
    });
    this.name = 'RuleSetError';
    this.issues = issues;
  }
}

/** `match.textRegex: QUALIFY_PATTERN_TOO_LONG: is 5000 characters long, …` */
export function describeIssue(issue: RuleSetIssue): string {
  return `${issue.field}: ${issue.code ? `${issue.code}: ` : ''}${issue.message}`;
}
