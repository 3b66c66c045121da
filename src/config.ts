/**
 * The only reader of process.env. Validated once with zod, every problem reported at once,
 * frozen. Each field is documented in README.md's configuration table.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError, describeError } from './errors.js';
import { parseImapUrl } from './intake/imap/parse-imap-url.js';
import { nextCronTime } from './scheduler/cron.js';

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(2525),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(8025),
  RETURN_PATH_DOMAINS: commaList,
  FBL_ADDRESSES: commaList,
  MAX_MESSAGE_BYTES: positiveInt.default(10 * 1024 * 1024),
  API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: commaList,
  WORKER_CONCURRENCY: positiveInt.default(4),
  QUEUE_NAME: z.string().min(1).default('rebound-inbound'),
  JOB_ATTEMPTS: positiveInt.default(8),
  LOWERCASE_LOCAL_PART: bool.default(true),
  VERP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  VERP_PREFIX: z.string().min(1).default('bounce'),
  CORRELATION_HEADERS: commaList.default(['X-Delivery-Id', 'X-Profile-Id']),
  // The rules/ folder of this checkout (config.ts sits in src/ or dist/), wherever we start from.
  RULES_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../rules', import.meta.url))),
  SOFT_ERROR_THRESHOLD: positiveInt.default(5),
  SIGNIFICANT_ERROR_PERIOD_SECONDS: z.coerce.number().int().min(0).default(86_400),
  ERROR_COUNTER_RESET_DAYS: positiveInt.default(10),
  MAILBOX_FULL_RELEASE_DAYS: positiveInt.default(30),
  IMAP_URLS: commaList,
  SPOOL_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  OUTAGE_GUARD_THRESHOLD: z.coerce.number().int().min(0).default(200),
  OUTAGE_GUARD_WINDOW_MINUTES: positiveInt.default(60),
  NIGHTLY_CRON: z.string().min(1).default('30 2 * * *'),
  RULES_SOURCE_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//i.test(value), 'must be an http or https URL')
    .optional(),
  SPOOL_SWEEP_INTERVAL_SECONDS: positiveInt.default(30),
  READY_MAX_PENDING_AGE_SECONDS: z.coerce.number().int().min(0).default(600),
  READY_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().min(0).default(10),
  READY_MAX_FAILED_MESSAGES: z.coerce.number().int().min(0).default(20),
  READY_FAILURE_WINDOW_MINUTES: positiveInt.default(15),
});

export type Role = 'smtp' | 'imap' | 'worker' | 'api' | 'scheduler';
export const ALL_ROLES: readonly Role[] = ['smtp', 'imap', 'worker', 'api', 'scheduler'];

export interface Config {
  /** 'embedded' = PGlite in DATA_DIR + in-process queue; 'production' = Postgres + BullMQ. */
  shape: 'embedded' | 'production';
  databaseUrl?: string;
  redisUrl?: string;
  dataDir: string;
  smtp: { host: string; port: number; maxMessageBytes: number };
  http: { host: string; port: number; apiToken?: string };
  returnPathDomains: string[];
  fblAddresses: string[];
  roles: Role[];
  logLevel: string;
  queue: { name: string; concurrency: number; attempts: number };
  addresses: { lowercaseLocalPart: boolean };
  verp: { secret?: string; prefix: string };
  correlationHeaders: string[];
  rulesDir: string;
  /** Optional HTTP(S) URL the nightly rule sync reads instead of rulesDir. */
  rulesSourceUrl?: string;
  policy: {
    softErrorThreshold: number;
    significantErrorPeriodSeconds: number;
    errorCounterResetDays: number;
    mailboxFullReleaseDays: number;
  };
  imapUrls: string[];
  /** Days the raw bytes of a processed message are kept (0: forever). */
  spoolRetentionDays: number;
  /** Where every address status change is POSTed (scheduler role), signed with the secret. */
  webhook: { url?: string; secret?: string };
  /** Hard errors of one text from one domain within the window before holding them (0: off). */
  outageGuard: { threshold: number; windowMinutes: number };
  nightlyCron: string;
  /** How often the spool sweeper runs; it sweeps rows received more than one interval ago. */
  spoolSweepIntervalSeconds: number;
  /** When /readyz reports the worker unhealthy (0 turns a limit off). */
  readiness: {
    maxPendingAgeSeconds: number;
    maxConsecutiveFailures: number;
    maxFailedMessages: number;
    failureWindowMinutes: number;
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Reads and validates the environment. Throws one CONFIG_INVALID error listing every problem.
 * `roles` from the command line (--roles) wins over the ROLES variable.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  roles?: string[],
): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const requestedRoles = roles ?? (parsed.success ? parsed.data.ROLES : []);
  for (const role of requestedRoles) {
    if (!ALL_ROLES.includes(role as Role))
      problems.push(`roles: unknown role "${role}" (known: ${ALL_ROLES.join(', ')})`);
  }
  // Cross-field checks read the raw values, so they are reported even when a field is invalid.
  const raw = (name: string) => (env[name] ?? '').trim();
  if (Boolean(raw('DATABASE_URL')) !== Boolean(raw('REDIS_URL'))) {
    problems.push(
      'DATABASE_URL and REDIS_URL: set both (production shape) or neither (embedded default)',
    );
  }
  const httpHost = raw('HTTP_HOST') || '127.0.0.1';
  if (!LOOPBACK.has(httpHost) && !raw('API_TOKEN')) {
    problems.push(`API_TOKEN: required when HTTP_HOST (${httpHost}) is not a loopback address`);
  }
  if (raw('NIGHTLY_CRON')) {
    try {
      nextCronTime(raw('NIGHTLY_CRON'), new Date());
    } catch (error) {
      problems.push(`NIGHTLY_CRON: not a cron expression (${describeError(error)})`);
    }
  }
  for (const url of raw('IMAP_URLS')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)) {
    try {
      parseImapUrl(url);
    } catch (error) {
      problems.push(`IMAP_URLS: ${describeError(error)}`);
    }
  }
  for (const address of raw('FBL_ADDRESSES')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)) {
    if (!address.includes('@')) problems.push(`FBL_ADDRESSES: "${address}" is not a full address`);
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError('CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  const e = parsed.data;
  const config: Config = {
    shape: e.DATABASE_URL ? 'production' : 'embedded',
    dataDir: e.DATA_DIR,
    smtp: { host: e.SMTP_HOST, port: e.SMTP_PORT, maxMessageBytes: e.MAX_MESSAGE_BYTES },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    returnPathDomains: e.RETURN_PATH_DOMAINS.map((d) => d.toLowerCase()),
    fblAddresses: e.FBL_ADDRESSES.map((a) => a.toLowerCase()),
    roles: (requestedRoles.length > 0 ? requestedRoles : ALL_ROLES) as Role[],
    logLevel: e.LOG_LEVEL,
    queue: { name: e.QUEUE_NAME, concurrency: e.WORKER_CONCURRENCY, attempts: e.JOB_ATTEMPTS },
    addresses: { lowercaseLocalPart: e.LOWERCASE_LOCAL_PART },
    verp: { prefix: e.VERP_PREFIX },
    correlationHeaders: e.CORRELATION_HEADERS,
    rulesDir: e.RULES_DIR,
    policy: {
      softErrorThreshold: e.SOFT_ERROR_THRESHOLD,
      significantErrorPeriodSeconds: e.SIGNIFICANT_ERROR_PERIOD_SECONDS,
      errorCounterResetDays: e.ERROR_COUNTER_RESET_DAYS,
      mailboxFullReleaseDays: e.MAILBOX_FULL_RELEASE_DAYS,
    },
    imapUrls: e.IMAP_URLS,
    outageGuard: {
      threshold: e.OUTAGE_GUARD_THRESHOLD,
      windowMinutes: e.OUTAGE_GUARD_WINDOW_MINUTES,
    },
    webhook: {},
    spoolRetentionDays: e.SPOOL_RETENTION_DAYS,
    nightlyCron: e.NIGHTLY_CRON,
    spoolSweepIntervalSeconds: e.SPOOL_SWEEP_INTERVAL_SECONDS,
    readiness: {
      maxPendingAgeSeconds: e.READY_MAX_PENDING_AGE_SECONDS,
      maxConsecutiveFailures: e.READY_MAX_CONSECUTIVE_FAILURES,
      maxFailedMessages: e.READY_MAX_FAILED_MESSAGES,
      failureWindowMinutes: e.READY_FAILURE_WINDOW_MINUTES,
    },
  };
  if (e.DATABASE_URL) config.databaseUrl = e.DATABASE_URL;
  if (e.REDIS_URL) config.redisUrl = e.REDIS_URL;
  if (e.API_TOKEN) config.http.apiToken = e.API_TOKEN;
  if (e.VERP_SECRET) config.verp.secret = e.VERP_SECRET;
  if (e.WEBHOOK_URL) config.webhook.url = e.WEBHOOK_URL;
  if (e.WEBHOOK_SECRET) config.webhook.secret = e.WEBHOOK_SECRET;
  if (e.RULES_SOURCE_URL) config.rulesSourceUrl = e.RULES_SOURCE_URL;
  return deepFreeze(config);
}

/** The config as printed at start: URLs without passwords, secrets replaced. */
export function redactConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: redactUrl(config.databaseUrl),
    redisUrl: redactUrl(config.redisUrl),
    http: { ...config.http, apiToken: config.http.apiToken ? '[redacted]' : undefined },
    verp: { ...config.verp, secret: config.verp.secret ? '[redacted]' : undefined },
    webhook: {
      url: redactUrl(config.webhook.url),
      secret: config.webhook.secret ? '[redacted]' : undefined,
    },
    imapUrls: config.imapUrls.map(redactUrl),
    rulesSourceUrl: redactUrl(config.rulesSourceUrl),
  };
}

/**
 * A URL fit for a log: user info (name and password), every query value and any path segment
 * that looks like a token (24+ characters, or 8+ with a digit: webhook paths such as
 * /services/T0123ABCD/B0456EFGH/xYz…) are replaced. Scheme, host, port and plain path words stay, so an
 * operator still sees where it points.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[unparseable url]';
  }
  if (parsed.username) parsed.username = '***';
  if (parsed.password) parsed.password = '***';
  const query = [...parsed.searchParams.keys()];
  parsed.search = '';
  for (const key of new Set(query)) parsed.searchParams.append(key, '***');
  parsed.pathname = parsed.pathname
    .split('/')
    .map((segment) => (looksLikeToken(segment) ? '***' : segment))
    .join('/');
  if (parsed.hash) parsed.hash = '';
  return parsed.toString().replaceAll('%2A%2A%2A', '***');
}

/** Path words (`hooks`, `rules.json`, `INBOX`, `v1`) stay; ids and keys carry digits. */
function looksLikeToken(segment: string): boolean {
  if (segment.length >= 24) return true;
  return segment.length >= 8 && /[0-9]/.test(segment) && !segment.includes('.');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
