/** The qualification table: counts every normalized error text per channel. */
import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { qualifications } from './schema.js';
import type { Channel } from '../core/vocabulary.js';
import type { Verdict } from '../qualify/types.js';

/** The spec caps the occurrence counter. */
export const OCCURRENCES_CAP = 100_000;

export async function countQualification(
  db: Database,
  input: { channel: Channel; rawText: string; verdict: Verdict; seenAt: Date },
): Promise<void> {
  const { verdict } = input;
  await db
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
    });
}
