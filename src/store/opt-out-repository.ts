/** Address-level opt-outs (address_optouts): one row per address, channel and service. */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';
import { addressOptOuts } from './schema.js';
import type { Channel } from '../core/vocabulary.js';

export interface AddressOptOut {
  address: string;
  channel: Channel;
  /** Absent: the whole channel. */
  service?: string;
  source: 'mailto' | 'one_click';
  deliveryId?: string;
  actor: string;
  at: Date;
}

/** Adds the opt-out unless the same one exists (the first one's time is kept); true if written. */
export async function insertAddressOptOut(db: Database, optOut: AddressOptOut): Promise<boolean> {
  const rows = await db
    .insert(addressOptOuts)
    .values({
      address: optOut.address,
      channel: optOut.channel,
      service: optOut.service ?? '',
      source: optOut.source,
      deliveryId: optOut.deliveryId ?? null,
      actor: optOut.actor,
      at: optOut.at,
    })
    .onConflictDoNothing()
    .returning({ id: addressOptOuts.id });
  return rows.length > 0;
}

/** Every opt-out of these addresses (all services), one query (the exclusion check's chunk). */
export async function findAddressOptOuts(
  db: Database,
  keys: ReadonlyArray<{ channel: Channel; address: string }>,
): Promise<AddressOptOut[]> {
  if (keys.length === 0) return [];
  const rows = await queryRows<{
    address: string;
    channel: string;
    service: string;
    source: string;
    delivery_id: string | null;
    actor: string;
    at: string | Date;
  }>(
    db,
    sql`select o.address, o.channel, o.service, o.source, o.delivery_id, o.actor, o.at
        from unnest(${sql.param(keys.map((k) => k.channel))}::text[],
                    ${sql.param(keys.map((k) => k.address))}::text[]) as k(c, a)
        join address_optouts o on o.address = k.a and o.channel = k.c
        order by o.at, o.id`,
  );
  return rows.map((row) => ({
    address: row.address,
    channel: row.channel as Channel,
    ...(row.service !== '' ? { service: row.service } : {}),
    source: row.source as AddressOptOut['source'],
    ...(row.delivery_id ? { deliveryId: row.delivery_id } : {}),
    actor: row.actor,
    at: row.at instanceof Date ? row.at : new Date(row.at),
  }));
}

/** Removes one opt-out (the person subscribed again); the removed row, or undefined. */
export async function deleteAddressOptOut(
  db: Database,
  key: { address: string; channel: Channel; service?: string },
): Promise<AddressOptOut | undefined> {
  const rows = await db
    .delete(addressOptOuts)
    .where(
      and(
        eq(addressOptOuts.address, key.address),
        eq(addressOptOuts.channel, key.channel),
        eq(addressOptOuts.service, key.service ?? ''),
      ),
    )
    .returning();
  const row = rows[0];
  if (!row) return undefined;
  return {
    address: row.address,
    channel: row.channel as Channel,
    ...(row.service !== '' ? { service: row.service } : {}),
    source: row.source as AddressOptOut['source'],
    ...(row.deliveryId ? { deliveryId: row.deliveryId } : {}),
    actor: row.actor,
    at: row.at,
  };
}
