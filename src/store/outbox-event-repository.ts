/**
 * The webhook outbox for events that are not address status changes (opt-outs, domain
 * pauses): written in the transaction of the change they announce, read past a cursor.
 */
import { asc, gt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { outboxEvents } from './schema.js';

export type OutboxEventRow = typeof outboxEvents.$inferSelect;

export async function insertOutboxEvent(
  db: Database,
  event: { type: string; payload: Record<string, unknown>; at: Date },
): Promise<void> {
  await db.insert(outboxEvents).values(event);
}

export async function newestOutboxEventId(db: Database): Promise<number> {
  const rows = await db
    .select({ id: sql<number | null>`max(${outboxEvents.id})` })
    .from(outboxEvents);
  return Number(rows[0]?.id ?? 0);
}

export async function outboxEventsAfter(
  db: Database,
  afterId: number,
  limit: number,
): Promise<OutboxEventRow[]> {
  return db
    .select()
    .from(outboxEvents)
    .where(gt(outboxEvents.id, afterId))
    .orderBy(asc(outboxEvents.id))
    .limit(limit);
}
