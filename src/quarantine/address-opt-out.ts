/**
 * Address-level opt-outs, the pure part: a `mailto:` unsubscribe without a profile id or a
 * one-click POST refuses further mail to the address on the channel (or for one list or
 * service). It is not a quarantine: the address's status stays what the bounces made it.
 */
import type { Channel } from '../core/vocabulary.js';

export interface OptOutEntry {
  address: string;
  channel: Channel;
  /** Absent: the whole channel. */
  service?: string;
}

/** What is about to be sent: an address on a channel, optionally for one service. */
export interface OptOutTarget {
  address: string;
  channel: Channel;
  service?: string;
}

/** The first entry that refuses the target: same address and channel, channel-wide or same service. */
export function findOptOutExclusion<T extends OptOutEntry>(
  entries: Iterable<T>,
  target: OptOutTarget,
): T | undefined {
  for (const entry of entries) {
    if (entry.address !== target.address || entry.channel !== target.channel) continue;
    if (entry.service === undefined || entry.service === target.service) return entry;
  }
  return undefined;
}
