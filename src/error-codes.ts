/**
 * The one registry of error codes: each code once, with the HTTP status the API answers for it
 * and whether it is worth retrying by default (an AppError may still say otherwise). README.md's
 * error-code table lists every code here; test/unit/error-codes.test.ts checks both ways.
 */

/** How the service treats one error code. */
export interface ErrorCodeSpec {
  /** The HTTP status when this error reaches an API reply. */
  readonly status: number;
  /** The default of `AppError.retryable` for this code. */
  readonly retryable: boolean;
}

export const ERROR_CODES = {
  CONFIG_INVALID: { status: 500, retryable: false },

  STORE_UNAVAILABLE: { status: 503, retryable: true },
  STORE_DATA_DIR_LOCKED: { status: 500, retryable: false },
  STORE_CONFLICT: { status: 409, retryable: false },

  INTAKE_IMAP_AUTH: { status: 500, retryable: false },
  INTAKE_IMAP_URL: { status: 500, retryable: false },
  INTAKE_STORE_FAILED: { status: 503, retryable: true },
  INTAKE_TLS_INVALID: { status: 500, retryable: false },
  // Sending services' webhooks (routes /esp/<provider>).
  INTAKE_ESP_DISABLED: { status: 404, retryable: false },
  INTAKE_ESP_SIGNATURE_INVALID: { status: 401, retryable: false },
  INTAKE_ESP_TOKEN_REPLAYED: { status: 401, retryable: false },
  INTAKE_ESP_TOPIC_REFUSED: { status: 403, retryable: false },
  INTAKE_ESP_PAYLOAD_INVALID: { status: 400, retryable: false },
  INTAKE_ESP_CERT_UNAVAILABLE: { status: 503, retryable: true },
  INTAKE_ESP_CONFIRM_FAILED: { status: 502, retryable: true },

  QUEUE_UNAVAILABLE: { status: 503, retryable: true },

  WORKER_STORE_FAILED: { status: 500, retryable: true },
  WORKER_MESSAGE_MISSING: { status: 500, retryable: false },
  WORKER_DKIM_TEMPFAIL: { status: 503, retryable: true },

  API_BAD_REQUEST: { status: 400, retryable: false },
  API_UNAUTHORIZED: { status: 401, retryable: false },
  API_FORBIDDEN: { status: 403, retryable: false },
  API_NOT_FOUND: { status: 404, retryable: false },
  API_CONFLICT: { status: 409, retryable: false },
  API_PAYLOAD_TOO_LARGE: { status: 413, retryable: false },
  API_UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  API_INTERNAL: { status: 500, retryable: false },
  API_RATE_LIMITED: { status: 429, retryable: true },
  UNSUBSCRIBE_TOKEN_INVALID: { status: 400, retryable: false },
  UNSUBSCRIBE_DISABLED: { status: 404, retryable: false },

  // A staff rule that breaks its set is the request's fault; a shipped one stops the start.
  QUALIFY_RULESET_INVALID: { status: 400, retryable: false },
  IMPORT_MALFORMED: { status: 400, retryable: false },
  IMPORT_UNKNOWN_FORMAT: { status: 400, retryable: false },
  QUALIFY_PATTERN_INVALID: { status: 400, retryable: false },
  QUALIFY_PATTERN_TOO_LONG: { status: 400, retryable: false },
  QUALIFY_PATTERN_TOO_MANY: { status: 400, retryable: false },
  QUALIFY_PATTERN_FAILED: { status: 500, retryable: false },

  RULES_SOURCE_UNREACHABLE: { status: 502, retryable: true },
  RULES_SOURCE_TIMEOUT: { status: 504, retryable: true },
  RULES_SOURCE_HTTP_STATUS: { status: 502, retryable: true },
  RULES_SOURCE_REDIRECT_REFUSED: { status: 502, retryable: false },
  RULES_SOURCE_TOO_LARGE: { status: 502, retryable: false },
  RULES_SOURCE_BAD_URL: { status: 500, retryable: false },
  RULES_SOURCE_READ_FAILED: { status: 500, retryable: false },
  RULES_SOURCE_INVALID_JSON: { status: 502, retryable: false },
  RULES_SOURCE_INVALID: { status: 502, retryable: false },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The registry entry of `code`, or undefined for a code nobody registered. */
export function errorCodeSpec(code: string): ErrorCodeSpec | undefined {
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as ErrorCode] : undefined;
}

/** The HTTP status for `code`: 500 for an unregistered one (the unit test keeps that from main). */
export function httpStatusOf(code: string): number {
  return errorCodeSpec(code)?.status ?? 500;
}
