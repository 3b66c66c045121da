/** Delivery events in batches: one multi-row insert per chunk, duplicates skipped. */
import { sql } from 'drizzle-orm';
import { deliveryEvents } from './schema.js';
import { queryRows, type Database } from './database.js';
import { recordsetInsert } from './recordset-insert.js';
import type { NewDeliveryEvent } from './event-repository.js';

const WRITE_CHUNK = 1_000;

/** What the insert returns of each stored row, to match it to its input. */
export interface InsertedEvent {
  id: number;
  messageId: number | null;
  recipientIndex: number;
  externalId: string | null;
  channel: string;
  address: string;
}

/**
 * Inserts the events; a row whose `external_id` (the caller's idempotency key) or message +
 * recipient is already stored is skipped and absent from the result.
 */
export async function insertDeliveryEvents(
  db: Database,
  events: readonly NewDeliveryEvent[],
): Promise<InsertedEvent[]> {
  const inserted: InsertedEvent[] = [];
  for (let i = 0; i < events.length; i += WRITE_CHUNK) {
    const chunk = events.slice(i, i + WRITE_CHUNK);
    const bulk = recordsetInsert(deliveryEvents, chunk);
    if (bulk) {
      const rows = await queryRows<{
        id: number | string;
        message_id: number | string | null;
        recipient_index: number;
        external_id: string | null;
        channel: string;
        address: string;
      }>(
        db,
        sql`${bulk.query} on conflict do nothing returning id, message_id, recipient_index, external_id, channel, address`,
      );
      for (const row of rows) {
        inserted.push({
          id: Number(row.id),
          messageId: row.message_id === null ? null : Number(row.message_id),
          recipientIndex: row.recipient_index,
          externalId: row.external_id,
          channel: row.channel,
          address: row.address,
        });
      }
      continue;
    }
    const rows = await db.insert(deliveryEvents).values(chunk).onConflictDoNothing().returning({
      id: deliveryEvents.id,
      messageId: deliveryEvents.messageId,
      recipientIndex: deliveryEvents.recipientIndex,
      externalId: deliveryEvents.externalId,
      channel: deliveryEvents.channel,
      address: deliveryEvents.address,
    });
    inserted.push(...rows);
  }
  return inserted;
}
