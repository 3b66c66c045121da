import { AppError } from '../errors.js';
import type { RuleSetIssue } from '../qualify/rule-set-error.js';

/** Why a rule source could not be used. Nothing of a failed source is ever applied. */
export type RuleSourceErrorCode =
  | 'RULES_SOURCE_UNREACHABLE'
  | 'RULES_SOURCE_TIMEOUT'
  | 'RULES_SOURCE_HTTP_STATUS'
  | 'RULES_SOURCE_TOO_LARGE'
  | 'RULES_SOURCE_BAD_URL'
  | 'RULES_SOURCE_READ_FAILED'
  | 'RULES_SOURCE_INVALID_JSON'
  | 'RULES_SOURCE_INVALID';

/** Codes worth retrying at the next scheduled sync (the source may come back). */
const RETRYABLE: ReadonlySet<RuleSourceErrorCode> = new Set([
  'RULES_SOURCE_UNREACHABLE',
  'RULES_SOURCE_TIMEOUT',
  'RULES_SOURCE_HTTP_STATUS',
]);

/** A rule source (directory, file or URL) that failed; `source` names it for logs. */
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
      retryable: options.retryable ?? RETRYABLE.has(code),
      cause: options.cause,
      details: { source, ...(options.issues && { issues: options.issues }) },
    });
    this.name = 'RuleSourceError';
    this.code = code;
    this.source = source;
    this.issues = options.issues ?? [];
  }
}
