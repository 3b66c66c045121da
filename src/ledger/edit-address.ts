/**
 * Staff create, edit and delete one address entry. Each change is a `manual` event row (so a
 * replay of the address keeps the decision), an address_history entry through the policy, and
 * a change_audit row with the entry before and after.
 */
import { type Database, withTransaction } from '../store/database.js';
import {
  addressKey,
  deleteAddress,
  loadAddressForUpdate,
  saveAddress,
  saveAddresses,
  type StoredAddressRecord,
} from '../store/address-repository.js';
import { insertDeliveryEvents } from '../store/event-batch-repository.js';
import {
  insertAuditEntries,
  insertAuditEntry,
  insertDeliveryEvent,
} from '../store/event-repository.js';
import { addressEntityId, insertChangeAudit } from '../store/change-audit-repository.js';
import type { AddressStatus, Channel, FailureType, Reason } from '../core/vocabulary.js';
import type { AddressRecord, AuditEntry, PolicyConfig } from '../quarantine/types.js';
import { applyQuarantinePolicy } from '../quarantine/index.js';
import { applyEventBatch, type StoredEvent } from './apply-event-batch.js';
import { manualEventRow } from './manual-event-row.js';
import { AppError } from '../errors.js';

/** What staff set on an entry; the address is already normalized. */
export interface AddressEdit {
  channel: Channel;
  address: string;
  status: AddressStatus;
  reason?: Reason;
  errorText?: string;
  errorCount?: number;
  lastErrorAt?: Date;
  lastDeliveryId?: string;
}

export interface StaffContext {
  actor: string;
  now: Date;
  policy: PolicyConfig;
}

export interface EditOutcome {
  created: boolean;
  before?: AddressRecord;
  after: AddressRecord;
}

export async function editAddress(
  db: Database,
  edit: AddressEdit,
  staff: StaffContext,
): Promise<EditOutcome> {
  return withTransaction(db, async (tx) => {
    const before = await loadAddressForUpdate(tx, edit.channel, edit.address);
    const eventId = await insertDeliveryEvent(
      tx,
      manualEventRow({
        channel: edit.channel,
        address: edit.address,
        status: edit.status,
        actor: staff.actor,
        at: staff.now,
        ...(edit.reason ? { reason: edit.reason } : {}),
        ...(edit.errorText !== undefined ? { text: edit.errorText } : {}),
      }),
    );
    if (eventId === undefined) throw new AppError('STORE_CONFLICT', 'manual event not stored');
    const identity = { channel: edit.channel, address: edit.address };
    const event = manualPolicyEvent(edit, staff, eventId);
    await applyEventBatch(tx, [{ identity, event, eventId }], staff.policy);
    const applied = await loadAddressForUpdate(tx, edit.channel, edit.address);
    if (!applied) throw new AppError('STORE_CONFLICT', 'address entry not stored');
    // Counter, error date and last delivery are bookkeeping staff may correct; the policy's
    // manual event carries only status, reason and text, so they are written over it here.
    const { lastEventAt, ...record } = applied;
    const after: AddressRecord = {
      ...record,
      ...(edit.errorCount !== undefined ? { errorCount: edit.errorCount } : {}),
      ...(edit.lastErrorAt ? { lastErrorAt: edit.lastErrorAt } : {}),
      ...(edit.lastDeliveryId !== undefined ? { lastDeliveryId: edit.lastDeliveryId } : {}),
    };
    await saveAddress(tx, after, lastEventAt);
    const { lastEventAt: _previous, ...beforeRecord } = before ?? { lastEventAt: undefined };
    await insertChangeAudit(tx, {
      entity: 'address',
      entityId: addressEntityId(edit.channel, edit.address),
      action: before ? 'update' : 'create',
      actor: staff.actor,
      before: before ? beforeRecord : null,
      after,
      at: staff.now,
    });
    return {
      created: !before,
      ...(before ? { before: beforeRecord as AddressRecord } : {}),
      after,
    };
  });
}

/**
 * Deletes the entry. A manual Valid event is stored first, so that a replay of the address's
 * log (an older bounce arriving later) does not bring the deleted quarantine back.
 */
export async function removeAddress(
  db: Database,
  key: { channel: Channel; address: string },
  staff: StaffContext,
): Promise<AddressRecord | undefined> {
  return withTransaction(db, async (tx) => {
    const found = await loadAddressForUpdate(tx, key.channel, key.address);
    if (!found) return undefined;
    const { lastEventAt: _lastEventAt, ...before } = found;
    const eventId = await insertDeliveryEvent(
      tx,
      manualEventRow({
        ...key,
        status: 'valid',
        actor: staff.actor,
        at: staff.now,
        text: 'entry deleted',
      }),
    );
    await insertAuditEntry(
      tx,
      {
        ...key,
        fromStatus: before.status,
        toStatus: 'valid',
        cause: 'deleted',
        actor: staff.actor,
        at: staff.now,
      },
      eventId,
    );
    await deleteAddress(tx, key.channel, key.address);
    await insertChangeAudit(tx, {
      entity: 'address',
      entityId: addressEntityId(key.channel, key.address),
      action: 'delete',
      actor: staff.actor,
      before,
      at: staff.now,
    });
    return before;
  });
}

/**
 * A staff edit in a batch. With `replace` (restoring an exported entry), a reason or text it
 * leaves out is cleared, and the type and first error date are restored too.
 */
export type BatchAddressEdit = AddressEdit & {
  replace?: boolean;
  type?: FailureType;
  firstErrorAt?: Date;
};

/**
 * Many staff edits in the caller's transaction, as `editAddress` does one of them but with
 * multi-row statements: one insert of the manual event rows, the policy applied in memory to
 * the records the caller locked (`current`, from `loadAddressesForUpdate`), one upsert of the
 * records with the bookkeeping fields staff set, one insert of the history entries (with
 * `cause`). An address whose stored events are newer than `staff.now` goes through
 * `applyEventBatch`, which replays its log. The caller writes the change_audit row (an
 * import writes one for the whole run, as a bulk release does). Addresses must be distinct.
 * Returns how many records changed.
 */
export async function applyAddressEdits(
  tx: Database,
  edits: readonly BatchAddressEdit[],
  staff: StaffContext,
  current: ReadonlyMap<string, StoredAddressRecord>,
  options: { cause?: string } = {},
): Promise<number> {
  if (edits.length === 0) return 0;
  const inserted = await insertDeliveryEvents(
    tx,
    edits.map((edit) =>
      manualEventRow({
        channel: edit.channel,
        address: edit.address,
        status: edit.status,
        actor: staff.actor,
        at: staff.now,
        ...(edit.reason ? { reason: edit.reason } : {}),
        ...(edit.errorText !== undefined ? { text: edit.errorText } : {}),
      }),
    ),
  );
  const eventIds = new Map(
    inserted.map((row) => [addressKey(row.channel as Channel, row.address), row.id]),
  );
  const saves: Array<{ record: AddressRecord; lastEventAt: Date }> = [];
  const audits: Array<{ entry: AuditEntry; eventId: number }> = [];
  const replays: StoredEvent[] = [];
  const replayed: BatchAddressEdit[] = [];
  let changed = 0;
  for (const edit of edits) {
    const key = addressKey(edit.channel, edit.address);
    const eventId = eventIds.get(key);
    if (eventId === undefined) throw new AppError('STORE_CONFLICT', 'manual event not stored');
    const identity = { channel: edit.channel, address: edit.address };
    const event = manualPolicyEvent(edit, staff, eventId);
    const stored = current.get(key);
    if (stored?.lastEventAt && stored.lastEventAt > staff.now) {
      replays.push({
        identity,
        event,
        eventId,
        ...(options.cause ? { cause: options.cause } : {}),
      });
      replayed.push(edit);
      continue;
    }
    const { lastEventAt: _stored, ...before } = stored ?? { lastEventAt: undefined };
    const step = applyQuarantinePolicy(
      stored ? (before as AddressRecord) : undefined,
      identity,
      event,
      staff.policy,
    );
    changed++;
    saves.push({ record: withBookkeeping(step.record, edit), lastEventAt: staff.now });
    if (step.audit) {
      audits.push({
        entry: options.cause ? { ...step.audit, cause: options.cause } : step.audit,
        eventId,
      });
    }
  }
  await saveAddresses(tx, saves);
  await insertAuditEntries(tx, audits);
  if (replays.length > 0) {
    const outcome = await applyEventBatch(tx, replays, staff.policy);
    changed += outcome.changed;
    const corrections = replayed.flatMap((edit) => {
      const key = addressKey(edit.channel, edit.address);
      const record = outcome.records.get(key);
      const lastEventAt = current.get(key)?.lastEventAt ?? staff.now;
      return record ? [{ record: withBookkeeping(record, edit), lastEventAt }] : [];
    });
    await saveAddresses(tx, corrections);
  }
  return changed;
}

/** The record with the counter, dates and delivery id staff set (and, to restore, cleared). */
/** The policy's view of a staff edit: the status, reason and text staff set, at their time. */
function manualPolicyEvent(edit: AddressEdit, staff: StaffContext, eventId: number) {
  return {
    kind: 'manual' as const,
    at: staff.now,
    status: edit.status,
    actor: staff.actor,
    eventId: String(eventId),
    ...(edit.reason ? { reason: edit.reason } : {}),
    ...(edit.errorText !== undefined ? { text: edit.errorText } : {}),
  };
}

function withBookkeeping(record: AddressRecord, edit: BatchAddressEdit): AddressRecord {
  const { lastEventAt: _stored, ...plain } = record as AddressRecord & { lastEventAt?: Date };
  const corrected: AddressRecord = {
    ...plain,
    ...(edit.errorCount !== undefined ? { errorCount: edit.errorCount } : {}),
    ...(edit.lastErrorAt ? { lastErrorAt: edit.lastErrorAt } : {}),
    ...(edit.lastDeliveryId !== undefined ? { lastDeliveryId: edit.lastDeliveryId } : {}),
  };
  if (edit.replace) {
    if (edit.type) corrected.type = edit.type;
    else delete corrected.type;
    if (edit.firstErrorAt) corrected.firstErrorAt = edit.firstErrorAt;
    else delete corrected.firstErrorAt;
    if (edit.reason === undefined) delete corrected.reason;
    if (edit.errorText === undefined) delete corrected.errorText;
  }
  return corrected;
}
