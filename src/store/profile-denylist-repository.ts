/** The profile-level denylist (unsubscribe, SMS STOP, staff): apart from the address quarantine. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from './database.js';
import { profileDenylist } from './schema.js';
import type { Channel } from '../core/vocabulary.js';
import type { ProfileDenylistEntry } from '../quarantine/profile-denylist.js';

export type ProfileDenylistRow = typeof profileDenylist.$inferSelect;

/**
 * Adds the entry unless the profile is already denied for that channel and service; the
 * first opt-out's time and cause are kept. Returns true when a row was written.
 */
export async function insertProfileDenylistEntry(
  db: Database,
  entry: ProfileDenylistEntry & { at: Date; cause: string; actor: string },
): Promise<boolean> {
  const rows = await db
    .insert(profileDenylist)
    .values({
      profileId: entry.profileId,
      channel: entry.channel,
      service: entry.service ?? '',
      cause: entry.cause,
      actor: entry.actor,
      at: entry.at,
    })
    .onConflictDoNothing()
    .returning({ id: profileDenylist.id });
  return rows.length > 0;
}

/** Every entry of these profiles (all channels and services): one query. */
export async function listProfileDenylistEntries(
  db: Database,
  profileIds: readonly string[],
): Promise<ProfileDenylistEntry[]> {
  if (profileIds.length === 0) return [];
  const rows = await db
    .select()
    .from(profileDenylist)
    .where(inArray(profileDenylist.profileId, [...profileIds]));
  return rows.map(rowToProfileDenylistEntry);
}

export async function deleteProfileDenylistEntry(
  db: Database,
  key: { profileId: string; channel: Channel; service?: string },
): Promise<boolean> {
  const rows = await db
    .delete(profileDenylist)
    .where(
      and(
        eq(profileDenylist.profileId, key.profileId),
        eq(profileDenylist.channel, key.channel),
        eq(profileDenylist.service, key.service ?? ''),
      ),
    )
    .returning({ id: profileDenylist.id });
  return rows.length > 0;
}

export function rowToProfileDenylistEntry(row: ProfileDenylistRow): ProfileDenylistEntry {
  const cause = row.cause as NonNullable<ProfileDenylistEntry['cause']>;
  return {
    profileId: row.profileId,
    channel: row.channel as Channel,
    ...(row.service !== '' ? { service: row.service } : {}),
    at: row.at,
    cause,
    actor: row.actor,
  };
}
