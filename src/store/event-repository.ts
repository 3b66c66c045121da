/** Per-recipient events and the audit history of status changes. */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { addressHistory, deliveryEvents } from './schema.js';
import { recordsetInsert } from './recordset-insert.js';
import type { AuditEntry } from '../quarantine/types.js';
import type { Channel } from '../core/vocabulary.js';

export type NewDeliveryEvent = typeof deliveryEvents.$inferInsert;
export type DeliveryEventRow = typeof deliveryEvents.$inferSelect;

/** Inserts the event unless it is already stored (same message + recipient, or same external id). */
export async function insertDeliveryEvent(
  db: Database,
  event: NewDeliveryEvent,
): Promise<number | undefined> {
  const rows = await db
    .insert(deliveryEvents)
    .values(event)
    .onConflictDoNothing()
    .returning({ id: deliveryEvents.id });
  return rows[0]?.id;
}

/** The applied events of one address in event-time order, for a replay. */
export async function listAppliedEvents(
  db: Database,
  channel: Channel,
  address: string,
): Promise<DeliveryEventRow[]> {
  return db
    .select()
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.channel, channel),
        eq(deliveryEvents.address, address),
        eq(deliveryEvents.effect, 'applied'),
      ),
    )
    .orderBy(asc(deliveryEvents.eventTime), asc(deliveryEvents.id));
}

export async function insertAuditEntry(
  db: Database,
  entry: AuditEntry,
  eventId?: number,
): Promise<void> {
  await insertAuditEntries(db, [eventId === undefined ? { entry } : { entry, eventId }]);
}

/** Rows per multi-row insert: far below Postgres' 65,535 parameters. */
const AUDIT_CHUNK = 1_000;

/** Inserts many audit entries, each linked to the event that caused it. */
export async function insertAuditEntries(
  db: Database,
  entries: ReadonlyArray<{ entry: AuditEntry; eventId?: number }>,
): Promise<void> {
  for (let i = 0; i < entries.length; i += AUDIT_CHUNK) {
    const rows = entries.slice(i, i + AUDIT_CHUNK).map(({ entry, eventId }) => ({
      address: entry.address,
      channel: entry.channel,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      reason: entry.reason ?? null,
      cause: entry.cause,
      actor: entry.actor,
      eventId: eventId ?? null,
      at: entry.at,
    }));
    const bulk = recordsetInsert(addressHistory, rows);
    if (bulk) await db.execute(bulk.query);
    else await db.insert(addressHistory).values(rows);
  }
}

export async function listAddressHistory(db: Database, channel: Channel, address: string) {
  return db
    .select()
    .from(addressHistory)
    .where(and(eq(addressHistory.channel, channel), eq(addressHistory.address, address)))
    .orderBy(asc(addressHistory.at), asc(addressHistory.id));
}

/** One address's events, oldest first, at most `limit` (the address page's history). */
export async function listAddressEvents(
  db: Database,
  channel: Channel,
  address: string,
  limit: number,
) {
  return db
    .select()
    .from(deliveryEvents)
    .where(and(eq(deliveryEvents.channel, channel), eq(deliveryEvents.address, address)))
    .orderBy(asc(deliveryEvents.eventTime), asc(deliveryEvents.id))
    .limit(limit);
}
