import { AppError } from '../errors.js';

/** One problem in a rule set, tied to the rule and field it is about. */
export interface RuleSetIssue {
  /** The rule's id, or `rules[i]` when the rule has no usable id; absent for set-level fields. */
  ruleId?: string;
  /** Dotted path inside the rule (or the set), e.g. `match.textRegex`, `reason`, `version`. */
  field: string;
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
      (issue) => `${issue.ruleId ? `rule "${issue.ruleId}" ` : ''}${issue.field}: ${issue.message}`,
    );
    super('QUALIFY_RULESET_INVALID', `rule set "${setName}" is invalid:\n  ${lines.join('\n  ')}`, {
      details: { issues },
    });
    this.name = 'RuleSetError';
    this.issues = issues;
  }
}
