/** The quarantine list: one row per address and channel. */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { addresses } from './schema.js';
import type { AddressRecord } from '../quarantine/types.js';
import type { AddressStatus, Channel, FailureType, Reason } from '../core/vocabulary.js';
import { emailDomain } from '../core/address.js';

type AddressRow = typeof addresses.$inferSelect;

export function rowToAddressRecord(row: AddressRow): AddressRecord & { lastEventAt?: Date } {
  const record: AddressRecord & { lastEventAt?: Date } = {
    address: row.address,
    channel: row.channel as Channel,
    status: row.status as AddressStatus,
    errorCount: row.errorCount,
    updatedAt: row.updatedAt,
  };
  if (row.type) record.type = row.type as FailureType;
  if (row.reason) record.reason = row.reason as Reason;
  if (row.firstErrorAt) record.firstErrorAt = row.firstErrorAt;
  if (row.lastErrorAt) record.lastErrorAt = row.lastErrorAt;
  if (row.lastSignificantErrorAt) record.lastSignificantErrorAt = row.lastSignificantErrorAt;
  if (row.lastDeliveredAt) record.lastDeliveredAt = row.lastDeliveredAt;
  if (row.errorText) record.errorText = row.errorText;
  if (row.lastDeliveryId) record.lastDeliveryId = row.lastDeliveryId;
  if (row.lastEventAt) record.lastEventAt = row.lastEventAt;
  if (row.statusSince) record.statusSince = row.statusSince;
  return record;
}

/** Loads one address row, locking it for the rest of the transaction (Postgres). */
export async function loadAddressForUpdate(
  db: Database,
  channel: Channel,
  address: string,
): Promise<(AddressRecord & { lastEventAt?: Date }) | undefined> {
  const rows = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.channel, channel), eq(addresses.address, address)))
    .for('update');
  return rows[0] ? rowToAddressRecord(rows[0]) : undefined;
}

export async function findAddress(
  db: Database,
  channel: Channel,
  address: string,
): Promise<(AddressRecord & { lastEventAt?: Date }) | undefined> {
  const rows = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.channel, channel), eq(addresses.address, address)));
  return rows[0] ? rowToAddressRecord(rows[0]) : undefined;
}

/** Inserts or replaces the row of `record.address`/`record.channel`. */
export async function saveAddress(
  db: Database,
  record: AddressRecord,
  lastEventAt: Date | undefined,
): Promise<void> {
  const values = {
    address: record.address,
    channel: record.channel,
    domain: record.channel === 'email' ? emailDomain(record.address) : '',
    status: record.status,
    type: record.type ?? null,
    reason: record.reason ?? null,
    errorCount: record.errorCount,
    firstErrorAt: record.firstErrorAt ?? null,
    lastErrorAt: record.lastErrorAt ?? null,
    lastSignificantErrorAt: record.lastSignificantErrorAt ?? null,
    lastDeliveredAt: record.lastDeliveredAt ?? null,
    lastEventAt: lastEventAt ?? null,
    errorText: record.errorText ?? null,
    lastDeliveryId: record.lastDeliveryId ?? null,
    statusSince: record.statusSince ?? null,
    updatedAt: record.updatedAt,
  };
  const { address: _address, channel: _channel, ...updates } = values;
  await db
    .insert(addresses)
    .values(values)
    .onConflictDoUpdate({ target: [addresses.address, addresses.channel], set: updates });
}

export async function deleteAddress(db: Database, channel: Channel, address: string): Promise<boolean> {
  const rows = await db
    .delete(addresses)
    .where(and(eq(addresses.channel, channel), eq(addresses.address, address)))
    .returning({ id: addresses.id });
  return rows.length > 0;
}

export async function countAddresses(db: Database): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(addresses);
  return rows[0]?.n ?? 0;
}
