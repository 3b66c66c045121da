/**
 * Bulk release by a query (spec: repair an ISP outage — e.g. every icloud.com address
 * quarantined by a "550 5.1.1" during one morning). The dry run counts and shows a sample; the
 * real run pages through the matches by keyset, and each page is one transaction: the rows
 * re-read under lock, one `manual` Valid event row per address (replays keep the release),
 * the records through the policy, history entries with cause `release`.
 */
import { type Database, withTransaction } from '../store/database.js';
import {
  countMatching,
  releaseQueryConditions,
  selectPage,
} from '../store/address-query-repository.js';
import { insertDeliveryEvents } from '../store/event-batch-repository.js';
import { insertChangeAudit } from '../store/change-audit-repository.js';
import type { AddressRecord, ValidReleaseQuery } from '../quarantine/index.js';
import { applyEventBatch, type StoredEvent } from './apply-event-batch.js';
import { manualEventRow } from './manual-event-row.js';
import type { StaffContext } from './edit-address.js';

export interface ReleasePreview {
  matched: number;
  sample: AddressRecord[];
}

/** The dry run: how many entries the query selects, and the first `sampleSize` of them. */
export async function previewRelease(
  db: Database,
  query: ValidReleaseQuery,
  sampleSize = 20,
): Promise<ReleasePreview> {
  const conditions = releaseQueryConditions(query);
  const matched = await countMatching(db, conditions);
  const page = await selectPage(db, conditions, { limit: sampleSize });
  const sample = page.items.map(({ id: _id, lastEventAt: _at, ...record }) => record);
  return { matched, sample };
}

export interface ReleaseOptions {
  batchSize?: number;
  onProgress?(released: number): void;
}

/** Releases every entry the query selects; returns how many were released. */
export async function applyRelease(
  db: Database,
  query: ValidReleaseQuery,
  staff: StaffContext,
  options: ReleaseOptions = {},
): Promise<{ released: number }> {
  const conditions = releaseQueryConditions(query);
  const limit = options.batchSize ?? 1_000;
  let released = 0;
  let after: number | undefined;
  for (;;) {
    const page = await withTransaction(db, async (tx) => {
      const found = await selectPage(tx, conditions, {
        limit,
        lock: true,
        ...(after !== undefined ? { after } : {}),
      });
      if (found.items.length === 0) return found;
      const inserted = await insertDeliveryEvents(
        tx,
        found.items.map((record) =>
          manualEventRow({
            channel: record.channel,
            address: record.address,
            status: 'valid',
            actor: staff.actor,
            at: staff.now,
          }),
        ),
      );
      const events: StoredEvent[] = inserted.map((row) => ({
        identity: { channel: row.channel as AddressRecord['channel'], address: row.address },
        event: {
          kind: 'manual',
          at: staff.now,
          status: 'valid',
          actor: staff.actor,
          eventId: String(row.id),
        },
        eventId: row.id,
        cause: 'release',
      }));
      const outcome = await applyEventBatch(tx, events, staff.policy);
      released += outcome.changed;
      return found;
    });
    options.onProgress?.(released);
    if (page.nextCursor === undefined) break;
    after = page.nextCursor;
  }
  await insertChangeAudit(db, {
    entity: 'address_release',
    entityId: staff.now.toISOString(),
    action: 'bulk_release',
    actor: staff.actor,
    before: query,
    after: { released },
    at: staff.now,
  });
  return { released };
}
