/** The webhook outbox: address_history rows past a cursor, and the cursor itself. */
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { addressHistory, webhookCursors } from './schema.js';

export type HistoryRow = typeof addressHistory.$inferSelect;

export async function readCursor(db: Database, name: string): Promise<number | undefined> {
  const rows = await db
    .select({ lastId: webhookCursors.lastId })
    .from(webhookCursors)
    .where(eq(webhookCursors.name, name));
  return rows[0]?.lastId;
}

export async function writeCursor(db: Database, name: string, lastId: number): Promise<void> {
  await db
    .insert(webhookCursors)
    .values({ name, lastId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: webhookCursors.name, set: { lastId, updatedAt: new Date() } });
}

/** The newest history id (a new webhook starts from now, not from the beginning of time). */
export async function newestHistoryId(db: Database): Promise<number> {
  const rows = await db
    .select({ id: sql<number | null>`max(${addressHistory.id})` })
    .from(addressHistory);
  return Number(rows[0]?.id ?? 0);
}

export async function historyAfter(
  db: Database,
  afterId: number,
  limit: number,
): Promise<HistoryRow[]> {
  return db
    .select()
    .from(addressHistory)
    .where(gt(addressHistory.id, afterId))
    .orderBy(asc(addressHistory.id))
    .limit(limit);
}
