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
  UNSIGNED_BOUNCES: z.enum(['apply', 'hold', 'record']).optional(),
  FBL_SOURCES: commaList,
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
  /** Who may change an address from a bounce or a complaint (README "Bounces and complaints"). */
  bounceTrust: BounceTrust;
}

/**
 * Bounce trust: what a bounce that did not arrive on a valid VERP token may do (`apply` as a
 * signed one, `hold` for staff review, `record` only), and the feedback-loop provider domains
 * whose DKIM signature a complaint needs (empty: any complaint to an FBL address counts).
 */
export interface BounceTrust {
  unsignedBounces: 'apply' | 'hold' | 'record';
  fblSources: string[];
}

const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;

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
  for (const domain of raw('FBL_SOURCES')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)) {
    if (!DOMAIN_NAME.test(domain))
      problems.push(`FBL_SOURCES: "${domain}" is not a domain name (e.g. feedback.example.com)`);
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
    bounceTrust: {
      // Without a secret no bounce can be signed: holding them all would stop the service.
      unsignedBounces: e.UNSIGNED_BOUNCES ?? (e.VERP_SECRET ? 'hold' : 'apply'),
      fblSources: e.FBL_SOURCES.map((d) => d.toLowerCase()),
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

export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
