/**
 * Rebuilds addresses from their whole event log after some of their events changed verdict:
 * one lock for the batch, one replay per address, one multi-row write. The net status change
 * is audited with cause `requalified`.
 */
import type { Database } from '../store/database.js';
import { listAppliedEvents, insertAuditEntries } from '../store/event-repository.js';
import { addressKey, loadAddressesForUpdate, saveAddresses } from '../store/address-repository.js';
import {
  SYSTEM_ACTOR,
  replayAddressEvents,
  type AddressRecord,
  type AuditEntry,
  type PolicyConfig,
} from '../quarantine/index.js';
import type { Channel } from '../core/vocabulary.js';
import { policyEventFromRow } from './policy-events-from-rows.js';

export interface AddressKey {
  channel: Channel;
  address: string;
  /** The newest of the events that changed (the audit's link). */
  eventId: number;
}

/** Replays each address; returns how many records changed. */
export async function replayAddresses(
  tx: Database,
  keys: readonly AddressKey[],
  policy: PolicyConfig,
  cause = 'requalified',
): Promise<number> {
  if (keys.length === 0) return 0;
  const stored = await loadAddressesForUpdate(tx, keys);
  const saves: Array<{ record: AddressRecord; lastEventAt: Date | undefined }> = [];
  const audits: Array<{ entry: AuditEntry; eventId?: number }> = [];
  for (const key of keys) {
    const current = stored.get(addressKey(key.channel, key.address));
    const { lastEventAt, ...record } = current ?? { lastEventAt: undefined };
    const rows = await listAppliedEvents(tx, key.channel, key.address);
    const events = rows.map(policyEventFromRow).filter((event) => event !== undefined);
    const before = current ? (record as AddressRecord) : undefined;
    const replay = replayAddressEvents(key, events, policy, before);
    if (!replay.changed) continue;
    const newest = rows[rows.length - 1]?.eventTime;
    if (replay.record) {
      saves.push({ record: replay.record, lastEventAt: lastEventAt ?? newest });
      if (replay.audit) audits.push({ entry: { ...replay.audit, cause }, eventId: key.eventId });
    } else if (before) {
      // No event counts any more (all re-decided Ignored): the address is as if never in error.
      const valid: AddressRecord = {
        address: before.address,
        channel: before.channel,
        status: 'valid',
        errorCount: 0,
        updatedAt: before.updatedAt,
      };
      saves.push({ record: valid, lastEventAt });
      if (before.status !== 'valid') {
        const entry: AuditEntry = {
          address: before.address,
          channel: before.channel,
          fromStatus: before.status,
          toStatus: 'valid',
          cause,
          at: before.updatedAt,
          actor: SYSTEM_ACTOR,
        };
        audits.push({ entry, eventId: key.eventId });
      }
    }
  }
  await saveAddresses(tx, saves);
  await insertAuditEntries(tx, audits);
  return saves.length;
}
