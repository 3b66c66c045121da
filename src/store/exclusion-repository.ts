/**
 * The exclusion check's reads: one query per chunk for addresses, one for profiles. The keys
 * travel as two array parameters (unnest) rather than thousands of bound parameters, and each
 * key is looked up through the (address, channel) unique index by a LATERAL subquery: left to
 * itself the planner hashes every excluded row of the table (100,000 of a million) instead.
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
  const channels = sql.param(keys.map((k) => k.channel));
  const list = sql.param(keys.map((k) => k.address));
  const statuses = sql.param([...EXCLUDING_STATUSES]);
  const rows = await queryRows<{
    channel: string;
    address: string;
    status: string;
    reason: string | null;
    since: string | Date;
  }>(
    db,
    sql`select a.channel, a.address, a.status, a.reason, coalesce(a.status_since, a.updated_at) as since
        from unnest(${channels}::text[], ${list}::text[]) as k(c, a)
        cross join lateral (
          select x.channel, x.address, x.status, x.reason, x.status_since, x.updated_at
          from addresses x where x.address = k.a and x.channel = k.c limit 1
        ) a
        where a.status = any(${statuses}::text[])`,
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
        where p.profile_id = any(${sql.param([...profileIds])}::text[])`,
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
