/**
 * The exclusion check senders call before each send: which of these recipients must not be
 * targeted — the address in Quarantine or Denylisted on that channel, the address opted out
 * (unsubscribe without a profile id, one-click), the profile on the denylist for the
 * channel (or for the service being sent), or the recipient domain paused by domain health.
 */
import type { Database } from '../store/database.js';
import { findExcludedAddresses, findProfileEntries } from '../store/exclusion-repository.js';
import { addressKey } from '../store/address-repository.js';
import type { AddressStatus, Channel, Reason } from '../core/vocabulary.js';
import { findProfileExclusion, type ProfileDenylistEntry } from '../quarantine/profile-denylist.js';
import { findOptOutExclusion } from '../quarantine/address-opt-out.js';
import { findAddressOptOuts, type AddressOptOut } from '../store/opt-out-repository.js';
import { findActivePauses } from '../store/domain-health-repository.js';
import { emailDomain } from '../core/address.js';

/** One recipient about to be sent to; the address already normalized. */
export interface CheckRecipient {
  channel: Channel;
  address: string;
  profileId?: string;
  service?: string;
}

export interface ExcludedRecipient {
  channel: Channel;
  address: string;
  profileId?: string;
  /** The address's status; `paused` for scope `domain` (the address's own status is untouched). */
  status: AddressStatus | 'paused';
  reason: Reason | null;
  since: string;
  /** Scope `domain`: when the pause ends. */
  until?: string;
  /**
   * `address`: the quarantine list; `optout`: the address's own opt-out (its status is
   * untouched); `profile`: the profile denylist; `domain`: the recipient domain is paused by
   * domain health.
   */
  scope: 'address' | 'optout' | 'profile' | 'domain';
  /** Opt-out and profile entries: why (`unsubscribe`, `stop`, `manual`) and for which service. */
  cause?: string;
  service?: string;
  /** Opt-outs: how the person asked (`mailto`, `one_click`). */
  source?: string;
}

/** Recipients per round trip: four queries per chunk. */
export const CHECK_CHUNK = 2_500;
/**
 * Chunks in flight at once. Each is one query on its own pool connection, so a 10,000
 * recipient check uses several server cores (PGlite, one connection, runs them in turn).
 */
const PARALLEL_CHUNKS = 4;

export async function checkExclusions(
  db: Database,
  recipients: readonly CheckRecipient[],
  now: Date = new Date(),
): Promise<{ excluded: ExcludedRecipient[]; checked: number }> {
  const chunks: Array<readonly CheckRecipient[]> = [];
  for (let i = 0; i < recipients.length; i += CHECK_CHUNK)
    chunks.push(recipients.slice(i, i + CHECK_CHUNK));
  const results: ExcludedRecipient[][] = new Array(chunks.length);
  let next = 0;
  const lane = async () => {
    while (next < chunks.length) {
      const index = next++;
      results[index] = await checkChunk(db, chunks[index]!, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CHUNKS, chunks.length) }, lane));
  return { excluded: results.flat(), checked: recipients.length };
}

async function checkChunk(
  db: Database,
  chunk: readonly CheckRecipient[],
  now: Date,
): Promise<ExcludedRecipient[]> {
  const keys = new Map<string, { channel: Channel; address: string }>();
  const profileIds = new Set<string>();
  for (const r of chunk) {
    keys.set(addressKey(r.channel, r.address), { channel: r.channel, address: r.address });
    if (r.profileId) profileIds.add(r.profileId);
  }
  const domains = new Set<string>();
  for (const r of chunk) if (r.channel === 'email') domains.add(emailDomain(r.address));
  domains.delete('');
  const [rows, entries, optOuts, pauses] = await Promise.all([
    findExcludedAddresses(db, [...keys.values()]),
    findProfileEntries(db, [...profileIds]),
    findAddressOptOuts(db, [...keys.values()]),
    findActivePauses(db, [...domains], now),
  ]);
  const optOutsByAddress = new Map<string, AddressOptOut[]>();
  for (const optOut of optOuts) {
    const key = addressKey(optOut.channel, optOut.address);
    optOutsByAddress.set(key, [...(optOutsByAddress.get(key) ?? []), optOut]);
  }
  const byAddress = new Map(rows.map((row) => [addressKey(row.channel, row.address), row]));
  const byProfile = new Map<string, ProfileDenylistEntry[]>();
  for (const entry of entries) {
    const list = byProfile.get(entry.profileId) ?? [];
    list.push(entry);
    byProfile.set(entry.profileId, list);
  }
  const result: ExcludedRecipient[] = [];
  for (const r of chunk) {
    const profile = r.profileId ? { profileId: r.profileId } : {};
    const row = byAddress.get(addressKey(r.channel, r.address));
    if (row) {
      result.push({
        channel: r.channel,
        address: r.address,
        ...profile,
        status: row.status,
        reason: row.reason,
        since: row.since.toISOString(),
        scope: 'address',
      });
      continue;
    }
    const optOut = findOptOutExclusion(
      optOutsByAddress.get(addressKey(r.channel, r.address)) ?? [],
      {
        channel: r.channel,
        address: r.address,
        ...(r.service ? { service: r.service } : {}),
      },
    );
    if (optOut) {
      result.push({
        channel: r.channel,
        address: r.address,
        ...profile,
        status: 'denylisted',
        reason: 'denylisted_address',
        since: optOut.at.toISOString(),
        scope: 'optout',
        cause: 'unsubscribe',
        source: optOut.source,
        ...(optOut.service ? { service: optOut.service } : {}),
      });
      continue;
    }
    const entry = r.profileId
      ? findProfileExclusion(byProfile.get(r.profileId) ?? [], {
          profileId: r.profileId,
          channel: r.channel,
          ...(r.service ? { service: r.service } : {}),
        })
      : undefined;
    if (entry) {
      result.push({
        channel: r.channel,
        address: r.address,
        ...profile,
        status: 'denylisted',
        reason: 'denylisted_address',
        since: (entry.at ?? new Date(0)).toISOString(),
        scope: 'profile',
        ...(entry.cause ? { cause: entry.cause } : {}),
        ...(entry.service ? { service: entry.service } : {}),
      });
      continue;
    }
    const pause = r.channel === 'email' ? pauses.get(emailDomain(r.address)) : undefined;
    if (pause) {
      result.push({
        channel: r.channel,
        address: r.address,
        ...profile,
        status: 'paused',
        reason: null,
        since: pause.startedAt.toISOString(),
        until: pause.pausedUntil.toISOString(),
        scope: 'domain',
      });
    }
  }
  return result;
}
