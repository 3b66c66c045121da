import type { Database } from '../store/database.js';
import type { EmailNormalizationOptions } from '../core/address.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import type { PolicyConfig } from '../quarantine/types.js';
import type { RuleAdmin } from '../rule-sets/rule-admin.js';
import type { AcceptMessage } from '../intake/types.js';
import type { OutageGuardConfig } from '../quarantine/outage-guard.js';
import type { QueueCounts } from '../queue/message-queue.js';
import type { EspIntakeConfig } from '../config.js';
import type { DomainHealthChecker } from '../domain-health/check-domain-health.js';
import type { DomainHealthSettings } from '../quarantine/domain-pause.js';

/** What routes may use. */
export interface ApiContext {
  db: Database;
  emailNormalization: EmailNormalizationOptions;
  /** Reachability checks for /readyz, by name. */
  readiness: Record<string, () => Promise<void>>;
  /** Qualifies the text of a failed sender event, as the worker does for a bounce. */
  qualify(input: QualifyInput): Verdict;
  /** Thresholds and delays of the quarantine policy. */
  policy: PolicyConfig;
  /** The clock of staff changes (tests pass a fixed one). */
  now?: () => Date;
  /** Rules in force and their staff edits (qualification and rule routes; absent: not served). */
  rules?: RuleAdmin;
  /** Jobs by state, for /metrics (absent: the queue gauges are left out). */
  queueCounts?: () => Promise<QueueCounts>;
  /** Puts a spool id back on the queue (message retry). */
  requeue?: (spoolId: number) => Promise<void>;
  /** The outage guard's settings, for deciding holds. */
  outageGuard?: OutageGuardConfig;
  /** Domain health: defaults (GET /api/domains/:domain/health) and the check after sender events. */
  domainHealth?: DomainHealthChecker;
  domainHealthDefaults?: DomainHealthSettings;
  /** One-click unsubscribe: the token secret (VERP_SECRET; absent: /u/ answers 404) and rate. */
  unsubscribe?: { secret?: string; ratePerMinute: number };
  /** The durable hand-off, for the HTTP intake of SMS and push (absent: not served). */
  acceptMessage?: AcceptMessage;
  /** Sending services' webhooks: limits and each provider's secret (absent: defaults, all off). */
  esp?: EspIntakeConfig;
}
