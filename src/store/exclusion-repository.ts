/**
 * The exclusion check's reads: one query per chunk for addresses, one for profiles. The keys
 * travel as one JSON parameter (jsonb_to_recordset) rather than thousands of bound
 * parameters: the same statement text whatever the chunk size, on Postgres and PGlite alike,
 * and the join walks the (address, channel) unique index.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';
import type { AddressStatus, Channel, Reason } from '../core/vocabulary.js';
import type { ProfileDenylistEntry } from '../quarantine/profile-denylist.js';
import { EXCLUDING_STATUSES } from '../quarantine/exclusion.js';

export interface ExcludedAddressRow {
  channel: Channel;
  address: string;
  status: AddressStatus;
  reason: Reason | null;
  since: Date;
}

/** The excluded (Quarantine, Denylisted) rows among these addresses. */
export async function findExcludedAddresses(
  db: Database,
  keys: ReadonlyArray<{ channel: Channel; address: string }>,
): Promise<ExcludedAddressRow[]> {
  if (keys.length === 0) return [];
  const json = JSON.stringify(keys.map((k) => ({ c: k.channel, a: k.address })));
  const statuses = JSON.stringify(EXCLUDING_STATUSES);
  const rows = await queryRows<{
    channel: string;
    address: string;
    status: string;
    reason: string | null;
    since: string | Date;
  }>(
    db,
    sql`select a.channel, a.address, a.status, a.reason, coalesce(a.status_since, a.updated_at) as since
        from jsonb_to_recordset(${json}::jsonb) as k(c text, a text)
        join addresses a on a.address = k.a and a.channel = k.c
        where a.status in (select jsonb_array_elements_text(${statuses}::jsonb))`,
  );
  return rows.map((row) => ({
    channel: row.channel as Channel,
    address: row.address,
    status: row.status as AddressStatus,
    reason: row.reason as Reason | null,
    since: row.since instanceof Date ? row.since : new Date(row.since),
  }));
}

/** Every profile denylist entry of these profiles. */
export async function findProfileEntries(
  db: Database,
  profileIds: readonly string[],
): Promise<ProfileDenylistEntry[]> {
  if (profileIds.length === 0) return [];
  const rows = await queryRows<{
    profile_id: string;
    channel: string;
    service: string;
    cause: string;
    actor: string;
    at: string | Date;
  }>(
    db,
    sql`select p.profile_id, p.channel, p.service, p.cause, p.actor, p.at
        from profile_denylist p
        where p.profile_id in (select jsonb_array_elements_text(${JSON.stringify(profileIds)}::jsonb))`,
  );
  return rows.map((row) => ({
    profileId: row.profile_id,
    channel: row.channel as Channel,
    ...(row.service !== '' ? { service: row.service } : {}),
    cause: row.cause as NonNullable<ProfileDenylistEntry['cause']>,
    actor: row.actor,
    at: row.at instanceof Date ? row.at : new Date(row.at),
  }));
}
