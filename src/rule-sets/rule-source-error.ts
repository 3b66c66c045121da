import { AppError } from '../errors.js';
import type { RuleSetIssue } from '../qualify/rule-set-error.js';

/** Why a rule source could not be used. Nothing of a failed source is ever applied. */
export type RuleSourceErrorCode =
  | 'RULES_SOURCE_UNREACHABLE'
  | 'RULES_SOURCE_TIMEOUT'
  | 'RULES_SOURCE_HTTP_STATUS'
  | 'RULES_SOURCE_REDIRECT_REFUSED'
  | 'RULES_SOURCE_TOO_LARGE'
  | 'RULES_SOURCE_BAD_URL'
  | 'RULES_SOURCE_READ_FAILED'
  | 'RULES_SOURCE_INVALID_JSON'
  | 'RULES_SOURCE_INVALID';

/**
 * A rule source (directory, file or URL) that failed; `source` names it for logs. Whether the
 * next scheduled sync should retry is the registry's default for the code (error-codes.ts).
 */
export class RuleSourceError extends AppError {
  override readonly code: RuleSourceErrorCode;
  readonly source: string;
  /** Rule-level problems when the data was read but is not a valid rule set. */
  readonly issues: readonly RuleSetIssue[];

  constructor(
    code: RuleSourceErrorCode,
    source: string,
    message: string,
    options: { cause?: unknown; issues?: RuleSetIssue[]; retryable?: boolean } = {},
  ) {
    super(code, `${source}: ${message}`, {
      ...(options.retryable !== undefined && { retryable: options.retryable }),
      cause: options.cause,
      details: { source, ...(options.issues && { issues: options.issues }) },
    });
    this.name = 'RuleSourceError';
    this.code = code;
    this.source = source;
    this.issues = options.issues ?? [];
  }
}
