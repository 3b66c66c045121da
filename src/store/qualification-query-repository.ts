/**
 * Staff reads and edits of the qualification table: pages by occurrences or last sighting
 * (keyset cursors, so a page costs the same deep in the table), one row, and updates.
 */
import { and, desc, eq, gt, ilike, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';
import { qualifications } from './schema.js';
import type { Channel, QualificationStatus } from '../core/vocabulary.js';

export type QualificationRow = typeof qualifications.$inferSelect;

export interface QualificationQuery {
  status?: QualificationStatus;
  channel?: Channel;
  /** Case-insensitive substring of the normalized or the first raw text. */
  q?: string;
  sort: 'occurrences' | 'lastSeen';
  limit: number;
  /** Keyset position after which the page starts (from the previous page). */
  after?: { value: number | string; id: number };
}

/** One page, and the keyset position of its last row when more may follow. */
export async function listQualifications(
  db: Database,
  query: QualificationQuery,
): Promise<{ rows: QualificationRow[]; next?: { value: number | string; id: number } }> {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(qualifications.status, query.status));
  if (query.channel) filters.push(eq(qualifications.channel, query.channel));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    filters.push(
      or(ilike(qualifications.normalizedText, pattern), ilike(qualifications.firstText, pattern))!,
    );
  }
  const key = query.sort === 'occurrences' ? qualifications.occurrences : qualifications.lastSeen;
  if (query.after) {
    const value =
      query.sort === 'occurrences'
        ? Number(query.after.value)
        : new Date(String(query.after.value));
    filters.push(or(lt(key, value), and(eq(key, value), lt(qualifications.id, query.after.id)))!);
  }
  const rows = await db
    .select()
    .from(qualifications)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(key), desc(qualifications.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  if (rows.length <= query.limit || !last) return { rows: page };
  const value = query.sort === 'occurrences' ? last.occurrences : last.lastSeen.toISOString();
  return { rows: page, next: { value, id: last.id } };
}

export async function findQualification(
  db: Database,
  id: number,
  forUpdate = false,
): Promise<QualificationRow | undefined> {
  const query = db.select().from(qualifications).where(eq(qualifications.id, id));
  const rows = await (forUpdate ? query.for('update') : query);
  return rows[0];
}

export type QualificationUpdate = Partial<
  Pick<
    QualificationRow,
    | 'type'
    | 'reason'
    | 'status'
    | 'occurrences'
    | 'ruleId'
    | 'ruleSetVersion'
    | 'updatedBy'
    | 'updatedAt'
  >
>;

export async function updateQualification(
  db: Database,
  id: number,
  update: QualificationUpdate,
): Promise<QualificationRow | undefined> {
  const rows = await db
    .update(qualifications)
    .set(update)
    .where(eq(qualifications.id, id))
    .returning();
  return rows[0];
}

/** Rows (not qualified by staff) that a rule change may re-decide: waiting ones, or decided by these rules. */
export async function listRequalifiableRows(
  db: Database,
  changedRuleIds: readonly string[],
  page: { afterId: number; limit: number },
): Promise<QualificationRow[]> {
  const waiting = eq(qualifications.status, 'to_qualify');
  const byRule =
    changedRuleIds.length > 0 ? inArray(qualifications.ruleId, [...changedRuleIds]) : undefined;
  return db
    .select()
    .from(qualifications)
    .where(
      and(
        byRule ? or(waiting, byRule) : waiting,
        isNull(qualifications.updatedBy),
        gt(qualifications.id, page.afterId),
      ),
    )
    .orderBy(qualifications.id)
    .limit(page.limit);
}
