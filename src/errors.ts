import { errorCodeSpec } from './error-codes.js';

export { ERROR_CODES, errorCodeSpec, httpStatusOf, type ErrorCode } from './error-codes.js';

/**
 * One error class for the whole service. The code is stage-prefixed (INTAKE_, QUEUE_, PARSE_,
 * STORE_, CONFIG_, API_), registered once in error-codes.ts and documented in README.md;
 * `retryable` (default: the registry's) tells the worker whether to retry or give up. SMTP
 * reply numbers live only in intake.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? errorCodeSpec(code)?.retryable ?? false;
    if (options.details) this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A short, safe description of any thrown value for logs and stored error columns. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Why a rule's regex is refused or skipped. Each is an issue code inside QUALIFY_RULESET_INVALID
 * (files, sync) and API_BAD_REQUEST (the rule API), and names the rule in `rules.rule.broken`.
 */
export const QUALIFY_PATTERN_CODES = {
  QUALIFY_PATTERN_INVALID: 'not RE2 syntax: lookaround, a backreference, or malformed',
  QUALIFY_PATTERN_TOO_LONG: 'longer than RULE_MAX_PATTERN_LENGTH',
  QUALIFY_PATTERN_TOO_MANY: 'one regex rule more than RULE_MAX_REGEX_RULES in its rule set',
  QUALIFY_PATTERN_FAILED: 'the engine failed while matching: the rule is skipped for that text',
} as const;
export type QualifyPatternCode = keyof typeof QUALIFY_PATTERN_CODES;
