/**
 * The only reader of process.env. Validated once with zod, every problem reported at once,
 * frozen. Each field is documented in README.md's configuration table.
 */
import { readFileSync } from 'node:fs';
import { domainToASCII, fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError, describeError } from './errors.js';
import { parseImapUrl } from './intake/imap/parse-imap-url.js';
import { cidrListProblems } from './intake/smtp/client-address.js';
import type { SmtpLimits } from './intake/smtp/smtp-intake.js';
import { loadTlsPair } from './intake/smtp/tls-files.js';
import { MEMORY_PER_MESSAGE_BYTE } from './intake/smtp/memory-budget.js';
import { nextCronTime } from './scheduler/cron.js';
import {
  duplicateTokenProblems,
  hashApiToken,
  parseApiTokenEntries,
  type ApiTokenHash,
} from './api/auth/api-tokens.js';
import { DEFAULT_RULE_LIMITS, type RuleLimits } from './qualify/regex-engine.js';
import { sendgridPublicKey } from './intake/esp/sendgrid-signature.js';

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
// Outbound URLs are operator-set; only http(s) is ever fetched (no file:, ftp:, data:).
const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http or https URL');

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(2525),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(8025),
  METRICS_PORT: port.optional(),
  RETURN_PATH_DOMAINS: commaList,
  FBL_ADDRESSES: commaList,
  MAX_MESSAGE_BYTES: positiveInt.default(10 * 1024 * 1024),
  API_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  API_TOKENS: z.string().optional(),
  API_TOKENS_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: commaList,
  WORKER_CONCURRENCY: positiveInt.default(64),
  WORKER_BATCH_MAX_MESSAGES: positiveInt.default(32),
  WORKER_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(0),
  PARSE_THREADS: positiveInt.default(2),
  PARSE_BUDGET_MS: positiveInt.default(5000),
  QUEUE_NAME: z.string().min(1).default('rebound-inbound'),
  INTAKE_BATCH_MAX_MESSAGES: positiveInt.default(64),
  INTAKE_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(0),
  JOB_ATTEMPTS: positiveInt.default(8),
  LOWERCASE_LOCAL_PART: bool.default(true),
  VERP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  VERP_PREFIX: z.string().min(1).default('bounce'),
  CORRELATION_HEADERS: commaList.default(['X-Delivery-Id', 'X-Profile-Id', 'List-Id']),
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
  WEBHOOK_URL: httpUrl.optional(),
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  OUTAGE_GUARD_THRESHOLD: z.coerce.number().int().min(0).default(200),
  OUTAGE_GUARD_WINDOW_MINUTES: positiveInt.default(60),
  NIGHTLY_CRON: z.string().min(1).default('30 2 * * *'),
  RULES_SOURCE_URL: httpUrl.optional(),
  SMTP_ALLOWED_CLIENTS: commaList,
  SMTP_TLS_CERT: z.string().min(1).optional(),
  SMTP_TLS_KEY: z.string().min(1).optional(),
  SMTPS_PORT: port.optional(),
  SMTP_MAX_CLIENTS: positiveInt.default(100),
  SMTP_MAX_CLIENTS_PER_IP: positiveInt.default(20),
  SMTP_MESSAGES_PER_MINUTE_PER_IP: z.coerce.number().int().min(0).default(1_000),
  SMTP_IDLE_TIMEOUT_SECONDS: positiveInt.default(300),
  SMTP_SESSION_TIMEOUT_SECONDS: positiveInt.default(600),
  SMTP_MAX_RECIPIENTS: positiveInt.default(100),
  SMTP_MAX_HEADER_BYTES: positiveInt.default(100 * 1024),
  SMTP_MAX_BUFFERED_BYTES: positiveInt.default(128 * 1024 * 1024),
  RULE_MAX_PATTERN_LENGTH: positiveInt.default(DEFAULT_RULE_LIMITS.maxPatternLength),
  RULE_MAX_REGEX_RULES: positiveInt.default(DEFAULT_RULE_LIMITS.maxRegexRules),
  SPOOL_SWEEP_INTERVAL_SECONDS: positiveInt.default(30),
  STARTUP_WAIT_SECONDS: z.coerce.number().int().min(0).default(120),
  READY_MAX_PENDING_AGE_SECONDS: z.coerce.number().int().min(0).default(600),
  READY_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().min(0).default(10),
  READY_MAX_FAILED_MESSAGES: z.coerce.number().int().min(0).default(20),
  READY_FAILURE_WINDOW_MINUTES: positiveInt.default(15),
  UNSIGNED_BOUNCES: z.enum(['apply', 'hold', 'record']).optional(),
  FBL_SOURCES: commaList,
  ESP_MAX_BODY_BYTES: positiveInt.default(1024 * 1024),
  ESP_SIGNATURE_WINDOW_SECONDS: positiveInt.default(300),
  SES_TOPIC_ARNS: commaList,
  SES_SNS_TEST_ORIGINS: commaList,
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
  POSTMARK_WEBHOOK_USER: z.string().min(1).optional(),
  POSTMARK_WEBHOOK_PASSWORD: z.string().min(16, 'must be at least 16 characters').optional(),
  MAILGUN_WEBHOOK_SIGNING_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  UNSUBSCRIBE_BASE_URL: httpUrl.optional(),
  UNSUBSCRIBE_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  DOMAIN_HEALTH_MIN_SAMPLE: z.coerce.number().int().min(0).default(300),
  DOMAIN_HEALTH_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.9),
  DOMAIN_HEALTH_WINDOW_MINUTES: positiveInt.default(60),
  DOMAIN_HEALTH_PAUSE_MINUTES: positiveInt.default(180),
});

export type Role = 'smtp' | 'imap' | 'worker' | 'api' | 'scheduler';
export const ALL_ROLES: readonly Role[] = ['smtp', 'imap', 'worker', 'api', 'scheduler'];

export interface Config {
  /** 'embedded' = PGlite in DATA_DIR + in-process queue; 'production' = Postgres + BullMQ. */
  shape: 'embedded' | 'production';
  databaseUrl?: string;
  redisUrl?: string;
  dataDir: string;
  smtp: {
    host: string;
    port: number;
    maxMessageBytes: number;
    /** Implicit-TLS listener (SMTPS_PORT); off when absent. */
    securePort?: number;
    /** CIDR blocks allowed to connect (SMTP_ALLOWED_CLIENTS); empty: everyone. */
    allowedClients: string[];
    /** PEM certificate and key; STARTTLS is offered only with them. */
    tls?: { certPath: string; keyPath: string };
    limits: SmtpLimits;
  };
  /** API tokens: hashes only (API_TOKEN is the admin token `api`); none = open on loopback. */
  http: {
    host: string;
    port: number;
    tokens: readonly ApiTokenHash[];
    /**
     * A listener for /metrics alone (on HTTP_HOST, same tokens) in a process without the api
     * role, so a worker-only process shows its own counters; unset: none.
     */
    metricsPort?: number;
  };
  returnPathDomains: string[];
  fblAddresses: string[];
  roles: Role[];
  logLevel: string;
  queue: { name: string; concurrency: number; attempts: number };
  /** The worker's batches: messages stored by one transaction, and how long a batch may wait to fill. */
  worker: { batch: { maxMessages: number; windowMs: number } };
  /** Intake's group commit: messages per spool INSERT, and how long a batch may wait to fill. */
  intake: { groupCommit: { maxMessages: number; maxBytes: number; windowMs: number } };
  /** Parse thread pool: threads, and the wall-clock budget of one parse (then `unparseable`). */
  parse: { threads: number; budgetMs: number };
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
  /** Bounds on rule regexes: longest pattern, regex rules per compiled set. */
  ruleLimits: RuleLimits;
  /** How long start-up waits for PostgreSQL and Redis to answer (production shape). */
  startupWaitSeconds: number;
  /** How often the spool sweeper runs; it sweeps rows received more than one interval ago. */
  spoolSweepIntervalSeconds: number;
  /** When /readyz reports the worker unhealthy (0 turns a limit off). */
  readiness: {
    maxPendingAgeSeconds: number;
    maxConsecutiveFailures: number;
    maxFailedMessages: number;
    failureWindowMinutes: number;
  };
  /** Who may change an address from a bounce or a complaint (README "Bounces and complaints"). */
  bounceTrust: BounceTrust;
  /** Webhooks of sending services (README "Sending services' webhooks"); a provider absent is off. */
  esp: EspIntakeConfig;
  /**
   * One-click unsubscribe (RFC 8058): the public base URL links are minted for, and POSTs per
   * minute per client IP on /u/ (0: no limit). Tokens are signed with VERP_SECRET.
   */
  unsubscribe: { baseUrl?: string; ratePerMinute: number };
  /**
   * Domain health (spec "MX management"): a recipient domain with at least `minSample` sends
   * in the last `windowMinutes` and a failure rate of `threshold` or more is paused for
   * `pauseMinutes` (0 minSample: off). Per-domain overrides are data (domain_health_settings).
   */
  domainHealth: DomainHealthDefaults;
}

/** The ESP webhook routes: body limit, signature window, and each provider's secret. */
export interface EspIntakeConfig {
  maxBodyBytes: number;
  /** How far a signed timestamp (SendGrid, Mailgun) may be from now, either side. */
  signatureWindowSeconds: number;
  /** Amazon SES through SNS: the topics accepted (others are refused, never confirmed). */
  ses?: { topicArns: string[]; testOrigins: string[] };
  /** SendGrid's verification key, base64 DER. */
  sendgrid?: { publicKey: string };
  postmark?: { user: string; password: string };
  mailgun?: { signingKey: string };
}

/** The configured defaults of domain health (overridable per domain). */
export interface DomainHealthDefaults {
  minSample: number;
  threshold: number;
  windowMinutes: number;
  pauseMinutes: number;
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
  givenEnv: NodeJS.ProcessEnv = process.env,
  roles?: string[],
): Readonly<Config> {
  // An empty variable is an unset one: compose files and .env templates pass `NAME=` for "none".
  const env = Object.fromEntries(
    Object.entries(givenEnv).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
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
  const apiTokens = apiTokensOf(raw, problems);
  if (!LOOPBACK.has(httpHost) && apiTokens.length === 0) {
    problems.push(
      `API_TOKEN or API_TOKENS: required when HTTP_HOST (${httpHost}) is not a loopback address`,
    );
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
  for (const domain of raw('RETURN_PATH_DOMAINS')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)) {
    if (!isDomainName(domain))
      problems.push(`RETURN_PATH_DOMAINS: "${domain}" is not a domain name`);
  }
  for (const address of raw('FBL_ADDRESSES')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)) {
    const at = address.lastIndexOf('@');
    if (at <= 0 || address.indexOf('@') !== at || !isDomainName(address.slice(at + 1)))
      problems.push(`FBL_ADDRESSES: "${address}" is not a full address`);
  }
  problems.push(
    ...cidrListProblems(
      raw('SMTP_ALLOWED_CLIENTS')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    ).map((problem) => `SMTP_ALLOWED_CLIENTS: ${problem}`),
  );
  if (Boolean(raw('SMTP_TLS_CERT')) !== Boolean(raw('SMTP_TLS_KEY'))) {
    problems.push('SMTP_TLS_CERT and SMTP_TLS_KEY: set both (STARTTLS) or neither');
  } else if (raw('SMTP_TLS_CERT')) {
    try {
      loadTlsPair({ certPath: raw('SMTP_TLS_CERT'), keyPath: raw('SMTP_TLS_KEY') });
    } catch (error) {
      problems.push(`SMTP_TLS_CERT / SMTP_TLS_KEY: ${describeError(error)}`);
    }
  }
  if (raw('SMTPS_PORT') && !raw('SMTP_TLS_CERT')) {
    problems.push('SMTPS_PORT: needs SMTP_TLS_CERT and SMTP_TLS_KEY');
  }
  const buffered = Number(raw('SMTP_MAX_BUFFERED_BYTES') || 128 * 1024 * 1024);
  const largest = Number(raw('MAX_MESSAGE_BYTES') || 10 * 1024 * 1024) * MEMORY_PER_MESSAGE_BYTE;
  if (buffered < largest) {
    problems.push(
      `SMTP_MAX_BUFFERED_BYTES: must be at least ${MEMORY_PER_MESSAGE_BYTE} × MAX_MESSAGE_BYTES (${largest}), or no message of the maximum size could ever be received`,
    );
  }
  for (const domain of raw('FBL_SOURCES')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)) {
    if (!DOMAIN_NAME.test(domain))
      problems.push(`FBL_SOURCES: "${domain}" is not a domain name (e.g. feedback.example.com)`);
  }
  problems.push(...espProblems(raw));
  if (problems.length > 0 || !parsed.success) {
    throw new AppError('CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  const e = parsed.data;
  const config: Config = {
    shape: e.DATABASE_URL ? 'production' : 'embedded',
    dataDir: e.DATA_DIR,
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      allowedClients: e.SMTP_ALLOWED_CLIENTS,
      limits: {
        maxClients: e.SMTP_MAX_CLIENTS,
        maxClientsPerIp: e.SMTP_MAX_CLIENTS_PER_IP,
        messagesPerMinutePerIp: e.SMTP_MESSAGES_PER_MINUTE_PER_IP,
        idleTimeoutSeconds: e.SMTP_IDLE_TIMEOUT_SECONDS,
        sessionTimeoutSeconds: e.SMTP_SESSION_TIMEOUT_SECONDS,
        maxRecipients: e.SMTP_MAX_RECIPIENTS,
        maxHeaderBytes: e.SMTP_MAX_HEADER_BYTES,
        maxBufferedBytes: e.SMTP_MAX_BUFFERED_BYTES,
      },
    },
    http: {
      host: e.HTTP_HOST,
      port: e.HTTP_PORT,
      tokens: apiTokens,
      ...(e.METRICS_PORT !== undefined ? { metricsPort: e.METRICS_PORT } : {}),
    },
    returnPathDomains: e.RETURN_PATH_DOMAINS.map((d) => d.toLowerCase()),
    fblAddresses: e.FBL_ADDRESSES.map((a) => a.toLowerCase()),
    roles: (requestedRoles.length > 0 ? requestedRoles : ALL_ROLES) as Role[],
    logLevel: e.LOG_LEVEL,
    queue: { name: e.QUEUE_NAME, concurrency: e.WORKER_CONCURRENCY, attempts: e.JOB_ATTEMPTS },
    worker: {
      batch: { maxMessages: e.WORKER_BATCH_MAX_MESSAGES, windowMs: e.WORKER_BATCH_WINDOW_MS },
    },
    intake: {
      groupCommit: {
        maxMessages: e.INTAKE_BATCH_MAX_MESSAGES,
        // Raw bytes held for one INSERT: a few of the largest messages.
        maxBytes: Math.max(16 * 1024 * 1024, 2 * e.MAX_MESSAGE_BYTES),
        windowMs: e.INTAKE_BATCH_WINDOW_MS,
      },
    },
    parse: { threads: e.PARSE_THREADS, budgetMs: e.PARSE_BUDGET_MS },
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
    ruleLimits: {
      maxPatternLength: e.RULE_MAX_PATTERN_LENGTH,
      maxRegexRules: e.RULE_MAX_REGEX_RULES,
    },
    spoolSweepIntervalSeconds: e.SPOOL_SWEEP_INTERVAL_SECONDS,
    startupWaitSeconds: e.STARTUP_WAIT_SECONDS,
    readiness: {
      maxPendingAgeSeconds: e.READY_MAX_PENDING_AGE_SECONDS,
      maxConsecutiveFailures: e.READY_MAX_CONSECUTIVE_FAILURES,
      maxFailedMessages: e.READY_MAX_FAILED_MESSAGES,
      failureWindowMinutes: e.READY_FAILURE_WINDOW_MINUTES,
    },
    bounceTrust: {
      // Without a secret no bounce can be signed: holding them all would stop the service.
      unsignedBounces: e.UNSIGNED_BOUNCES ?? (e.VERP_SECRET ? 'hold' : 'apply'),
      fblSources: e.FBL_SOURCES.map((d) => d.toLowerCase()),
    },
    esp: {
      maxBodyBytes: e.ESP_MAX_BODY_BYTES,
      signatureWindowSeconds: e.ESP_SIGNATURE_WINDOW_SECONDS,
    },
    unsubscribe: { ratePerMinute: e.UNSUBSCRIBE_RATE_PER_MINUTE },
    domainHealth: {
      minSample: e.DOMAIN_HEALTH_MIN_SAMPLE,
      threshold: e.DOMAIN_HEALTH_THRESHOLD,
      windowMinutes: e.DOMAIN_HEALTH_WINDOW_MINUTES,
      pauseMinutes: e.DOMAIN_HEALTH_PAUSE_MINUTES,
    },
  };
  if (e.DATABASE_URL) config.databaseUrl = e.DATABASE_URL;
  if (e.REDIS_URL) config.redisUrl = e.REDIS_URL;
  if (e.VERP_SECRET) config.verp.secret = e.VERP_SECRET;
  if (e.WEBHOOK_URL) config.webhook.url = e.WEBHOOK_URL;
  if (e.WEBHOOK_SECRET) config.webhook.secret = e.WEBHOOK_SECRET;
  if (e.RULES_SOURCE_URL) config.rulesSourceUrl = e.RULES_SOURCE_URL;
  if (e.UNSUBSCRIBE_BASE_URL) config.unsubscribe.baseUrl = e.UNSUBSCRIBE_BASE_URL;
  if (e.SMTP_TLS_CERT && e.SMTP_TLS_KEY)
    config.smtp.tls = { certPath: e.SMTP_TLS_CERT, keyPath: e.SMTP_TLS_KEY };
  if (e.SMTPS_PORT !== undefined) config.smtp.securePort = e.SMTPS_PORT;
  if (e.SES_TOPIC_ARNS.length > 0)
    config.esp.ses = { topicArns: e.SES_TOPIC_ARNS, testOrigins: e.SES_SNS_TEST_ORIGINS };
  if (e.SENDGRID_WEBHOOK_PUBLIC_KEY)
    config.esp.sendgrid = { publicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY.trim() };
  if (e.POSTMARK_WEBHOOK_USER && e.POSTMARK_WEBHOOK_PASSWORD)
    config.esp.postmark = { user: e.POSTMARK_WEBHOOK_USER, password: e.POSTMARK_WEBHOOK_PASSWORD };
  if (e.MAILGUN_WEBHOOK_SIGNING_KEY)
    config.esp.mailgun = { signingKey: e.MAILGUN_WEBHOOK_SIGNING_KEY };
  return deepFreeze(config);
}

/**
 * ESP settings that zod cannot check alone: Postmark's user and password come together, the
 * SendGrid key must be a public key, and the SNS test origins (tests only) must be loopback
 * http(s) origins, so no configuration can make a remote host a trusted SNS certificate source.
 */
function espProblems(raw: (name: string) => string): string[] {
  const problems: string[] = [];
  if (Boolean(raw('POSTMARK_WEBHOOK_USER')) !== Boolean(raw('POSTMARK_WEBHOOK_PASSWORD')))
    problems.push('POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD: set both or neither');
  const key = raw('SENDGRID_WEBHOOK_PUBLIC_KEY');
  if (key) {
    try {
      sendgridPublicKey(key);
    } catch {
      problems.push('SENDGRID_WEBHOOK_PUBLIC_KEY: not a base64 DER public key');
    }
  }
  for (const origin of raw('SES_SNS_TEST_ORIGINS')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    const host = url?.hostname.replace(/^\[|\]$/g, '');
    if (!url || url.origin !== origin || !LOOPBACK.has(host ?? ''))
      problems.push(
        `SES_SNS_TEST_ORIGINS: "${origin}" is not a loopback origin (http://127.0.0.1:PORT); this setting is for tests only`,
      );
  }
  for (const arn of raw('SES_TOPIC_ARNS')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)) {
    if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/.test(arn))
      problems.push(`SES_TOPIC_ARNS: "${arn}" is not an SNS topic ARN`);
  }
  return problems;
}

/** A host name as DNS has it: labels of letters, digits and inner hyphens (IDN via punycode). */
function isDomainName(value: string): boolean {
  const ascii = domainToASCII(value);
  if (!ascii || ascii.length > 253) return false;
  return ascii.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

// Prefixes only Rebound's variables use: an unknown name with one is almost surely a typo.
const OWN_PREFIXES = [
  'REBOUND_',
  'SMTP_',
  'SMTPS_',
  'IMAP_',
  'VERP_',
  'WEBHOOK_',
  'RULES_',
  'OUTAGE_',
];
const OWN_PREFIXES_MORE = [
  'FBL_',
  'API_',
  'SPOOL_',
  'QUEUE_',
  'RETURN_PATH',
  'UNSIGNED_',
  'ESP_',
  'SES_',
  'SENDGRID_',
  'POSTMARK_',
  'MAILGUN_',
  'UNSUBSCRIBE_',
  'DOMAIN_HEALTH_',
];

/**
 * Variables that look like Rebound's but are not read (`IMAP_URL` for `IMAP_URLS`): a misspelt
 * setting would otherwise be silently ignored. Each warning names the closest known variable.
 */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
  const known = Object.keys(envSchema.shape);
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (known.includes(name)) continue;
    const closest = known
      .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
      .sort((a, b) => a.distance - b.distance)[0];
    const near = closest !== undefined && closest.distance <= 2;
    const ours = [...OWN_PREFIXES, ...OWN_PREFIXES_MORE].some((prefix) => name.startsWith(prefix));
    if (!near && !ours) continue;
    warnings.push(
      near
        ? `${name} is not a Rebound variable (did you mean ${closest.candidate}?)`
        : `${name} is not a Rebound variable: it is ignored`,
    );
  }
  return warnings;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * API_TOKEN (the admin token `api`), API_TOKENS and the lines of API_TOKENS_FILE, hashed;
 * problems are added to `problems`, never quoting a token.
 */
function apiTokensOf(raw: (name: string) => string, problems: string[]): ApiTokenHash[] {
  const entries: Array<{ text: string; where: string }> = [];
  raw('API_TOKENS')
    .split(',')
    .forEach((text, i) => {
      if (text.trim()) entries.push({ text, where: `API_TOKENS entry ${i + 1}` });
    });
  const file = raw('API_TOKENS_FILE');
  if (file) {
    try {
      readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .forEach((line, i) => {
          const text = line.trim();
          if (text && !text.startsWith('#'))
            entries.push({ text, where: `API_TOKENS_FILE line ${i + 1}` });
        });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? describeError(error);
      problems.push(`API_TOKENS_FILE: cannot read ${file} (${code})`);
    }
  }
  const { tokens, problems: entryProblems } = parseApiTokenEntries(entries);
  problems.push(...entryProblems);
  const legacy = raw('API_TOKEN');
  if (legacy.length >= 16)
    tokens.unshift({ name: 'api', scopes: ['admin'], sha256: hashApiToken(legacy) });
  problems.push(...duplicateTokenProblems(tokens));
  return tokens;
}

/** The config as printed at start: URLs without passwords, secrets replaced. */
export function redactConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: redactUrl(config.databaseUrl),
    redisUrl: redactUrl(config.redisUrl),
    http: {
      ...config.http,
      tokens: config.http.tokens.map(({ name, scopes }) => ({ name, scopes })),
    },
    verp: { ...config.verp, secret: config.verp.secret ? '[redacted]' : undefined },
    webhook: {
      url: redactUrl(config.webhook.url),
      secret: config.webhook.secret ? '[redacted]' : undefined,
    },
    imapUrls: config.imapUrls.map(redactUrl),
    esp: {
      ...config.esp,
      postmark: config.esp.postmark
        ? { user: config.esp.postmark.user, password: '[redacted]' }
        : undefined,
      mailgun: config.esp.mailgun ? { signingKey: '[redacted]' } : undefined,
    },
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
