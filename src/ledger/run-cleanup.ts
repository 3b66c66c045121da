/**
 * The database cleanup (nightly by the scheduler, and `rebound cleanup` on demand): With
 * errors → Valid after a delivery or when the last soft error is old; a Mailbox-full
 * Quarantine → Valid after its delay (the pure rules are `planCleanup`). Each change is stored
 * as a `cleanup` event row so a later replay of the address lifts the same thing.
 *
 * Batched: candidates are read a page at a time by keyset on id, planned in memory, and each
 * page is written in one transaction (event rows, records, audit) — a million With errors
 * rows never sit in memory or in one transaction.
 */
import type { Config } from '../config.js';
import { type Database, withTransaction } from '../store/database.js';
import { selectCleanupCandidates } from '../store/address-query-repository.js';
import { insertDeliveryEvents } from '../store/event-batch-repository.js';
import { planCleanup, type AddressRecord } from '../quarantine/index.js';
import { applyEventBatch, type StoredEvent } from './apply-event-batch.js';
import { cleanupEventRow } from './manual-event-row.js';

export interface CleanupOptions {
  /** Plan and count only; nothing is written. */
  dryRun?: boolean;
  /** Rows per page and per transaction (default 1,000). */
  batchSize?: number;
  /** Called after each page, for progress on long runs. */
  onProgress?(progress: CleanupCounts): void;
}

export interface CleanupCounts {
  /** Candidate rows read (With errors, Mailbox-full Quarantine). */
  examined: number;
  /** With errors → Valid after a delivery later than the last error. */
  withErrorsDelivered: number;
  /** With errors → Valid because the last soft error is older than the reset delay. */
  withErrorsAged: number;
  /** Mailbox-full Quarantine → Valid after the release delay. */
  mailboxFullReleased: number;
  /** Sum of the three. */
  released: number;
}

export interface CleanupResult extends CleanupCounts {
  dryRun: boolean;
  now: string;
}

export async function runCleanup(
  db: Database,
  now: Date,
  config: Readonly<Pick<Config, 'policy'>>,
  options: CleanupOptions = {},
): Promise<CleanupResult> {
  const limit = options.batchSize ?? 1_000;
  const counts: CleanupCounts = {
    examined: 0,
    withErrorsDelivered: 0,
    withErrorsAged: 0,
    mailboxFullReleased: 0,
    released: 0,
  };
  let after: number | undefined;
  for (;;) {
    const page = await selectCleanupCandidates(db, {
      limit,
      ...(after !== undefined ? { after } : {}),
    });
    counts.examined += page.items.length;
    const lifted: AddressRecord[] = [];
    for (const record of page.items) {
      const outcome = planCleanup(record, now, config.policy);
      if (!outcome.changed) continue;
      lifted.push(outcome.record);
      const cause = outcome.audit?.cause;
      if (cause === 'cleanup_delivered') counts.withErrorsDelivered++;
      else if (cause === 'cleanup_error_age') counts.withErrorsAged++;
      else counts.mailboxFullReleased++;
      counts.released++;
    }
    if (!options.dryRun && lifted.length > 0) await storeCleanupPage(db, lifted, now, config);
    options.onProgress?.({ ...counts });
    if (page.nextCursor === undefined) break;
    after = page.nextCursor;
  }
  return { ...counts, dryRun: options.dryRun === true, now: now.toISOString() };
}

/**
 * Writes one page: the cleanup event rows, then the policy re-plans each address under lock
 * (a bounce processed since the page was read wins over the stale plan).
 */
async function storeCleanupPage(
  db: Database,
  lifted: readonly AddressRecord[],
  now: Date,
  config: Readonly<Pick<Config, 'policy'>>,
): Promise<void> {
  await withTransaction(db, async (tx) => {
    const rows = lifted.map((record) =>
      cleanupEventRow({
        channel: record.channel,
        address: record.address,
        status: record.status,
        at: now,
      }),
    );
    const inserted = await insertDeliveryEvents(tx, rows);
    const events: StoredEvent[] = inserted.map((row) => ({
      identity: { channel: row.channel as AddressRecord['channel'], address: row.address },
      event: { kind: 'cleanup', at: now, eventId: String(row.id) },
      eventId: row.id,
    }));
    await applyEventBatch(tx, events, config.policy);
  });
}
