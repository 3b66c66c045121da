/** The qualification table: one row per channel and normalized error text, with staff's decision. */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';
import type { Channel, FailureType, QualificationStatus, Reason } from '../core/vocabulary.js';
import type { Verdict } from '../qualify/types.js';

/** The spec caps the occurrence counter. */
export const OCCURRENCES_CAP = 100_000;

/** What the row says after counting: a staff decision the worker must honour. */
export interface QualificationDecision {
  status: QualificationStatus;
  type: FailureType;
  reason: Reason;
  ruleId?: string;
  ruleSetVersion?: string;
  /** Set only when staff qualified the text (PATCH /api/qualifications/:id). */
  qualifiedBy?: string;
}

/**
 * Makes sure the text has a row and returns the row's decision, inside the message's
 * transaction. A new row is `to_qualify` when no rule (or only a provisional one) matched,
 * else `keep`; an existing row keeps its status, type and reason — those are staff's. The
 * occurrence counter is NOT touched here: every failure of one kind shares the row, and an
 * update would serialize all workers on its lock. Counts go through QualificationCounter
 * after commit. ON CONFLICT DO NOTHING takes no lock on a committed row, and the CTE reads
 * the row back in the same round trip.
 */
export async function ensureQualification(
  db: Database,
  input: { channel: Channel; rawText: string; verdict: Verdict; seenAt: Date },
): Promise<QualificationDecision> {
  const { verdict } = input;
  const status = verdict.toQualify ? 'to_qualify' : 'keep';
  const rows = await queryRows<{
    status: string;
    type: string;
    reason: string;
    rule_id: string | null;
    rule_set_version: string | null;
    updated_by: string | null;
  }>(
    db,
    sql`with inserted as (
          insert into qualifications
            (channel, normalized_text, first_text, type, reason, status, occurrences, first_seen, last_seen, rule_id, rule_set_version)
          values (${input.channel}, ${verdict.normalizedText}, ${input.rawText}, ${verdict.type}, ${verdict.reason}, ${status},
                  0, ${input.seenAt.toISOString()}::timestamptz, ${input.seenAt.toISOString()}::timestamptz,
                  ${verdict.ruleId ?? null}, ${verdict.ruleSetVersion ?? null})
          on conflict (channel, normalized_text) do nothing
          returning status, type, reason, rule_id, rule_set_version, updated_by)
        select * from inserted
        union all
        select status, type, reason, rule_id, rule_set_version, updated_by from qualifications
          where channel = ${input.channel} and normalized_text = ${verdict.normalizedText}
        limit 1`,
  );
  const row = rows[0];
  if (!row)
    throw new Error(`qualification row for "${verdict.normalizedText}" neither inserted nor found`);
  return {
    status: row.status as QualificationStatus,
    type: row.type as FailureType,
    reason: row.reason as Reason,
    ...(row.rule_id ? { ruleId: row.rule_id } : {}),
    ...(row.rule_set_version ? { ruleSetVersion: row.rule_set_version } : {}),
    ...(row.updated_by ? { qualifiedBy: row.updated_by } : {}),
  };
}
