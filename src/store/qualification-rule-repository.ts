/** The qualification rows staff decided through a rule, kept in step when the rule changes. */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { qualifications } from './schema.js';
import type { Channel, FailureType, Reason } from '../core/vocabulary.js';
import type { KeepRow } from '../qualify/index.js';

/** A text decision edited as a rule: its qualification rows say the same from now on. */
export async function setDecisionsOfRule(
  tx: Database,
  ruleId: string,
  decision: { type: FailureType; reason: Reason; actor: string; at: Date },
): Promise<void> {
  await tx
    .update(qualifications)
    .set({
      type: decision.type,
      reason: decision.reason,
      updatedBy: decision.actor,
      updatedAt: decision.at,
    })
    .where(and(eq(qualifications.ruleId, ruleId), isNotNull(qualifications.updatedBy)));
}

/** The rule is gone: the texts staff decided through it wait for a decision again. */
export async function reopenDecisionsOfRule(tx: Database, ruleId: string, at: Date): Promise<void> {
  await tx
    .update(qualifications)
    .set({
      status: 'to_qualify',
      type: 'soft',
      reason: 'not_defined',
      ruleId: null,
      updatedBy: null,
      updatedAt: at,
    })
    .where(and(eq(qualifications.ruleId, ruleId), isNotNull(qualifications.updatedBy)));
}

/** The texts a rule qualified, to re-qualify after it changes. */
export async function listTextsOfRule(db: Database, ruleId: string) {
  return db
    .select({ channel: qualifications.channel, normalizedText: qualifications.normalizedText })
    .from(qualifications)
    .where(eq(qualifications.ruleId, ruleId));
}

const SYNC_LOCK_KEY = 7_301_912;

/** One rule sync at a time across processes (until the transaction ends). */
export async function lockRuleSync(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SYNC_LOCK_KEY})`);
}

/** Keep rows staff qualified (updated_by set): decisions a sync turns into rules if missing. */
export async function listStaffKeepRows(tx: Database): Promise<KeepRow[]> {
  const rows = await tx
    .select()
    .from(qualifications)
    .where(and(eq(qualifications.status, 'keep'), isNotNull(qualifications.updatedBy)));
  return rows.map((row) => ({
    channel: row.channel as Channel,
    normalizedText: row.normalizedText,
    type: row.type as FailureType,
    reason: row.reason as Reason,
  }));
}
