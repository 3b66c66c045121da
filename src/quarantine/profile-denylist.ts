/**
 * Profile-level denylist, kept apart from the address quarantine (spec: "profiles can be on
 * the denylist ... after an unsubscription (opt-out), for a given channel ... if a profile on
 * the denylist for the email channel has two email addresses, both addresses will be
 * excluded"). A `mailto:` List-Unsubscribe lands here, never in the quarantine list.
 */
import type { Channel } from '../core/vocabulary.js';

/** A profile that must not be targeted on a channel, or only for one service of it. */
export interface ProfileDenylistEntry {
  profileId: string;
  channel: Channel;
  /** The service (newsletter, list) unsubscribed from; absent: the whole channel. */
  service?: string;
  /** Event time of the unsubscribe or staff action. */
  at?: Date;
  /** `unsubscribe` (List-Unsubscribe), `stop` (SMS keyword) or `manual`. */
  cause?: 'unsubscribe' | 'stop' | 'manual';
  /** Staff member for a manual entry. */
  actor?: string;
}

/** What is about to be sent: a profile on a channel, optionally for one service. */
export interface ProfileTarget {
  profileId: string;
  channel: Channel;
  service?: string;
}

/** The identity of an entry, for de-duplication and as a natural unique key in storage. */
export function profileDenylistKey(entry: ProfileDenylistEntry | ProfileTarget): string {
  return JSON.stringify([entry.profileId, entry.channel, entry.service ?? null]);
}

/**
 * Whether one entry excludes the target: same profile and channel, and either a channel-wide
 * entry or one for the very service being sent.
 */
export function profileEntryExcludes(entry: ProfileDenylistEntry, target: ProfileTarget): boolean {
  if (entry.profileId !== target.profileId || entry.channel !== target.channel) return false;
  return entry.service === undefined || entry.service === target.service;
}

/** The first entry that excludes the target, or `undefined` when it may be targeted. */
export function findProfileExclusion(
  entries: Iterable<ProfileDenylistEntry>,
  target: ProfileTarget,
): ProfileDenylistEntry | undefined {
  for (const entry of entries) {
    if (profileEntryExcludes(entry, target)) return entry;
  }
  return undefined;
}
