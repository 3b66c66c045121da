/**
 * Applies stored events to their addresses in bulk, inside the caller's transaction: one query
 * locks every address of the batch, the policy folds each address's new events in event order,
 * and one multi-row upsert writes the records. An event older than the address's newest one
 * replays the address's whole log instead (as the worker does for one message), so sender
 * events, releases and cleanup runs arriving out of order end where live order would have.
 */
import type { Database } from '../store/database.js';
import { listAppliedEvents, insertAuditEntries } from '../store/event-repository.js';
import {
  addressKey,
  loadAddressesForUpdate,
  saveAddresses,
  type StoredAddressRecord,
} from '../store/address-repository.js';
import {
  applyQuarantinePolicy,
  compareEvents,
  planCleanup,
  replayAddressEvents,
  type AddressIdentity,
  type AddressRecord,
  type AuditEntry,
  type PolicyConfig,
  type ReplayEvent,
} from '../quarantine/index.js';
import { policyEventFromRow } from './policy-events-from-rows.js';

/** One event already stored in delivery_events (with its row id), to apply. */
export interface StoredEvent {
  identity: AddressIdentity;
  event: ReplayEvent;
  eventId: number;
  /** Replaces the audit cause (a release is a manual event audited as `release`). */
  cause?: string;
}

export interface BatchOutcome {
  /** Addresses whose record changed. */
  changed: number;
  unchanged: number;
  /** The record of each address after the batch, by `addressKey`. */
  records: Map<string, AddressRecord | undefined>;
}

export async function applyEventBatch(
  tx: Database,
  events: readonly StoredEvent[],
  config: PolicyConfig,
): Promise<BatchOutcome> {
  const groups = new Map<string, StoredEvent[]>();
  for (const item of events) {
    const key = addressKey(item.identity.channel, item.identity.address);
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  const keys = [...groups.values()].map((list) => list[0]!.identity);
  const current = await loadAddressesForUpdate(tx, keys);
  const saves: Array<{ record: AddressRecord; lastEventAt: Date | undefined }> = [];
  const audits: Array<{ entry: AuditEntry; eventId?: number }> = [];
  const outcome: BatchOutcome = { changed: 0, unchanged: 0, records: new Map() };
  for (const [key, list] of groups) {
    const stored = current.get(key);
    const folded = await foldAddress(tx, stored, list, config);
    outcome.records.set(key, folded.record ?? stored);
    if (folded.changed) outcome.changed++;
    else outcome.unchanged++;
    audits.push(...folded.audits);
    const record = folded.record ?? stored;
    // Even an event that changed nothing moves lastEventAt: an older one must replay past it.
    if (record && (folded.changed || !sameTime(stored?.lastEventAt, folded.lastEventAt))) {
      saves.push({ record, lastEventAt: folded.lastEventAt });
    }
  }
  await saveAddresses(tx, saves);
  await insertAuditEntries(tx, audits);
  return outcome;
}

interface Folded {
  record: AddressRecord | undefined;
  changed: boolean;
  audits: Array<{ entry: AuditEntry; eventId?: number }>;
  lastEventAt: Date | undefined;
}

async function foldAddress(
  tx: Database,
  storedRow: StoredAddressRecord | undefined,
  list: StoredEvent[],
  config: PolicyConfig,
): Promise<Folded> {
  const stored = storedRow ? withoutLastEventAt(storedRow) : undefined;
  const storedLastEventAt = storedRow?.lastEventAt;
  const ordered = [...list].sort((a, b) => compareEvents(a.event, b.event));
  const newest = ordered[ordered.length - 1]!;
  const oldest = ordered[0]!;
  const lastEventAt = laterOf(storedLastEventAt, newest.event.at);
  const identity = oldest.identity;
  if (storedLastEventAt && oldest.event.at < storedLastEventAt) {
    const rows = await listAppliedEvents(tx, identity.channel, identity.address);
    const history = rows.map(policyEventFromRow).filter((event) => event !== undefined);
    const replay = replayAddressEvents(identity, history, config, stored);
    const audits = replay.audit ? [{ entry: replay.audit, eventId: newest.eventId }] : [];
    return { record: replay.record, changed: replay.changed, audits, lastEventAt };
  }
  let record: AddressRecord | undefined = stored;
  let changed = false;
  const audits: Folded['audits'] = [];
  for (const item of ordered) {
    const step =
      item.event.kind === 'cleanup'
        ? record
          ? planCleanup(record, item.event.at, config)
          : undefined
        : applyQuarantinePolicy(record, identity, item.event, config);
    if (!step?.changed) continue;
    record = step.record;
    changed = true;
    if (step.audit) {
      audits.push({
        entry: item.cause ? { ...step.audit, cause: item.cause } : step.audit,
        eventId: item.eventId,
      });
    }
  }
  return { record, changed, audits, lastEventAt };
}

/** The policy's record without the storage column, so that record comparisons see policy fields only. */
function withoutLastEventAt(row: StoredAddressRecord): AddressRecord {
  const { lastEventAt: _lastEventAt, ...record } = row;
  return record;
}

function laterOf(a: Date | undefined, b: Date): Date {
  return a !== undefined && a.getTime() > b.getTime() ? a : b;
}

function sameTime(a: Date | undefined, b: Date | undefined): boolean {
  return a?.getTime() === b?.getTime();
}
