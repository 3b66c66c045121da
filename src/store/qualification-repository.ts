/** The qualification table: counts every normalized error text per channel. */
import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { qualifications } from './schema.js';
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
 * Counts one sighting of a text. A new row is `to_qualify` when no rule (or only a provisional
 * one) matched, else `keep`; an existing row keeps its status, type and reason — those are
 * staff's — and only its counter (capped) and dates move. Returns the row's decision.
 */
export async function countQualification(
  db: Database,
  input: { channel: Channel; rawText: string; verdict: Verdict; seenAt: Date },
): Promise<QualificationDecision> {
  const { verdict } = input;
  const rows = await db
    .insert(qualifications)
    .values({
      channel: input.channel,
      normalizedText: verdict.normalizedText,
      firstText: input.rawText,
      type: verdict.type,
      reason: verdict.reason,
      status: verdict.toQualify ? 'to_qualify' : 'keep',
      occurrences: 1,
      firstSeen: input.seenAt,
      lastSeen: input.seenAt,
      ruleId: verdict.ruleId ?? null,
      ruleSetVersion: verdict.ruleSetVersion ?? null,
    })
    .onConflictDoUpdate({
      target: [qualifications.channel, qualifications.normalizedText],
      set: {
        occurrences: sql`least(${qualifications.occurrences} + 1, ${OCCURRENCES_CAP})`,
        lastSeen: sql`greatest(${qualifications.lastSeen}, excluded.last_seen)`,
        firstSeen: sql`least(${qualifications.firstSeen}, excluded.first_seen)`,
      },
    })
    .returning({
      status: qualifications.status,
      type: qualifications.type,
      reason: qualifications.reason,
      ruleId: qualifications.ruleId,
      ruleSetVersion: qualifications.ruleSetVersion,
      updatedBy: qualifications.updatedBy,
    });
  const row = rows[0]!;
  return {
    status: row.status as QualificationStatus,
    type: row.type as FailureType,
    reason: row.reason as Reason,
    ...(row.ruleId ? { ruleId: row.ruleId } : {}),
    ...(row.ruleSetVersion ? { ruleSetVersion: row.ruleSetVersion } : {}),
    ...(row.updatedBy ? { qualifiedBy: row.updatedBy } : {}),
  };
}
