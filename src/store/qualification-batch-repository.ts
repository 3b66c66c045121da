/** The qualification counter for many texts at once (sender events arrive in batches). */
import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { qualifications } from './schema.js';
import { OCCURRENCES_CAP } from './qualification-repository.js';
import type { Channel } from '../core/vocabulary.js';
import type { Verdict } from '../qualify/types.js';

export interface QualificationSighting {
  channel: Channel;
  rawText: string;
  verdict: Verdict;
  seenAt: Date;
}

/**
 * Counts every sighting: one upsert per distinct (channel, normalized text), adding the
 * number of its sightings, so a batch of 10,000 events with a few texts costs a few queries.
 */
export async function countQualifications(
  db: Database,
  sightings: readonly QualificationSighting[],
): Promise<void> {
  const groups = new Map<
    string,
    { first: QualificationSighting; count: number; from: Date; to: Date }
  >();
  for (const s of sightings) {
    const key = `${s.channel}\u0000${s.verdict.normalizedText}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { first: s, count: 1, from: s.seenAt, to: s.seenAt });
      continue;
    }
    group.count++;
    if (s.seenAt < group.from) group.from = s.seenAt;
    if (s.seenAt > group.to) group.to = s.seenAt;
  }
  for (const { first, count, from, to } of groups.values()) {
    const { verdict } = first;
    await db
      .insert(qualifications)
      .values({
        channel: first.channel,
        normalizedText: verdict.normalizedText,
        firstText: first.rawText,
        type: verdict.type,
        reason: verdict.reason,
        status: verdict.toQualify ? 'to_qualify' : 'keep',
        occurrences: Math.min(count, OCCURRENCES_CAP),
        firstSeen: from,
        lastSeen: to,
        ruleId: verdict.ruleId ?? null,
        ruleSetVersion: verdict.ruleSetVersion ?? null,
      })
      .onConflictDoUpdate({
        target: [qualifications.channel, qualifications.normalizedText],
        set: {
          occurrences: sql`least(${qualifications.occurrences} + ${count}, ${OCCURRENCES_CAP})`,
          lastSeen: sql`greatest(${qualifications.lastSeen}, excluded.last_seen)`,
          firstSeen: sql`least(${qualifications.firstSeen}, excluded.first_seen)`,
        },
      });
  }
}
