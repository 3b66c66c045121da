/** What staff edits of rules and qualifications need, and the follow-up of every rule change. */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import type { PolicyConfig } from '../quarantine/types.js';
import type { LiveRules } from './live-rules.js';
import {
  requalifyAfterRuleChange,
  requalifyTexts,
  type RequalifyOutcome,
  type TextKey,
} from './requalify.js';

export interface RuleAdmin {
  db: Database;
  live: LiveRules;
  policy: PolicyConfig;
  logger?: Logger;
}

/** Who and when of one staff change. */
export interface StaffStamp {
  actor: string;
  now: Date;
}

/**
 * After a committed rule change: this process's qualifier is rebuilt at once (others within a
 * poll), then the waiting texts — and the named texts — are decided again.
 */
export async function afterRuleChange(
  admin: RuleAdmin,
  change: { ruleIds?: readonly string[]; texts?: readonly TextKey[] },
): Promise<RequalifyOutcome> {
  await admin.live.refresh();
  const deps = {
    db: admin.db,
    policy: admin.policy,
    decide: admin.live.decide,
    ...(admin.logger ? { logger: admin.logger } : {}),
  };
  const named = await requalifyTexts(change.texts ?? [], deps);
  const waiting = await requalifyAfterRuleChange(change.ruleIds ?? [], deps);
  return {
    texts: named.texts + waiting.texts,
    events: named.events + waiting.events,
    addresses: named.addresses + waiting.addresses,
    changedAddresses: named.changedAddresses + waiting.changedAddresses,
  };
}
