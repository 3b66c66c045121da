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

export interface QualificationInput {
  channel: Channel;
  rawText: string;
  verdict: Verdict;
  seenAt: Date;
}

/** The key of a text's row in the map ensureQualifications returns. */
export function qualificationKey(channel: Channel, normalizedText: string): string {
  return `${channel}\u0000${normalizedText}`;
}

/**
 * Makes sure each text has a row and returns the rows' decisions, inside the batch's
 * transaction, in one statement (the first sighting of a distinct (channel, text) creates its
 * row). A new row is `to_qualify` when no rule (or only a provisional one) matched, else
 * `keep`; an existing row keeps its status, type and reason — those are staff's. The
 * occurrence counter is NOT touched here: every failure of one kind shares the row, and an
 * update would serialize all workers on its lock. Counts go through QualificationCounter
 * after commit. ON CONFLICT DO NOTHING takes no lock on a committed row, and the CTE reads
 * the rows back in the same round trip.
 */
export async function ensureQualifications(
  db: Database,
  inputs: readonly QualificationInput[],
): Promise<Map<string, QualificationDecision>> {
  const distinct = new Map<string, QualificationInput>();
  for (const input of inputs) {
    const key = qualificationKey(input.channel, input.verdict.normalizedText);
    if (!distinct.has(key)) distinct.set(key, input);
  }
  const decisions = new Map<string, QualificationDecision>();
  if (distinct.size === 0) return decisions;
  const records = [...distinct.values()].map((input) => ({
    channel: input.channel,
    normalized_text: input.verdict.normalizedText,
    first_text: input.rawText,
    type: input.verdict.type,
    reason: input.verdict.reason,
    status: input.verdict.toQualify ? 'to_qualify' : 'keep',
    seen: input.seenAt.toISOString(),
    rule_id: input.verdict.ruleId ?? null,
    rule_set_version: input.verdict.ruleSetVersion ?? null,
  }));
  // The select of the same statement does not see the insert's rows: union both, the
  // inserted row first, and keep one per text.
  const rows = await queryRows<{
    channel: string;
    normalized_text: string;
    status: string;
    type: string;
    reason: string;
    rule_id: string | null;
    rule_set_version: string | null;
    updated_by: string | null;
  }>(
    db,
    sql`with input as (
          select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(
            channel text, normalized_text text, first_text text, type text, reason text,
            status text, seen timestamptz, rule_id text, rule_set_version text)),
        inserted as (
          insert into qualifications
            (channel, normalized_text, first_text, type, reason, status, occurrences, first_seen, last_seen, rule_id, rule_set_version)
          select channel, normalized_text, first_text, type, reason, status, 0, seen, seen, rule_id, rule_set_version
            from input
          on conflict (channel, normalized_text) do nothing
          returning channel, normalized_text, status, type, reason, rule_id, rule_set_version, updated_by)
        select * from inserted
        union all
        select q.channel, q.normalized_text, q.status, q.type, q.reason, q.rule_id, q.rule_set_version, q.updated_by
          from qualifications q join input i
            on q.channel = i.channel and q.normalized_text = i.normalized_text`,
  );
  const found = new Set(
    rows.map((row) => qualificationKey(row.channel as Channel, row.normalized_text)),
  );
  const missing = [...distinct.keys()].filter((key) => !found.has(key));
  if (missing.length > 0) {
    // Another transaction committed the row while this insert waited on it: the statement's
    // snapshot predates it, a new statement sees it.
    const late = missing.map((key) => distinct.get(key)!);
    rows.push(
      ...(await queryRows<(typeof rows)[number]>(
        db,
        sql`select q.channel, q.normalized_text, q.status, q.type, q.reason, q.rule_id, q.rule_set_version, q.updated_by
              from qualifications q
              join jsonb_to_recordset(${JSON.stringify(late.map((i) => ({ channel: i.channel, normalized_text: i.verdict.normalizedText })))}::jsonb)
                as x(channel text, normalized_text text)
                on q.channel = x.channel and q.normalized_text = x.normalized_text`,
      )),
    );
  }
  for (const row of rows) {
    const key = qualificationKey(row.channel as Channel, row.normalized_text);
    if (decisions.has(key)) continue;
    decisions.set(key, {
      status: row.status as QualificationStatus,
      type: row.type as FailureType,
      reason: row.reason as Reason,
      ...(row.rule_id ? { ruleId: row.rule_id } : {}),
      ...(row.rule_set_version ? { ruleSetVersion: row.rule_set_version } : {}),
      ...(row.updated_by ? { qualifiedBy: row.updated_by } : {}),
    });
  }
  for (const key of distinct.keys())
    if (!decisions.has(key))
      throw new Error(`qualification row for "${key}" neither inserted nor found`);
  return decisions;
}
