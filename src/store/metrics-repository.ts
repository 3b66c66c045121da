/**
 * The counts /metrics reads at scrape time: one small query per figure, each on an index
 * (spool by state, open holds, texts to qualify, the webhook outbox past each cursor).
 */
import { count, countDistinct, eq, gt, min } from 'drizzle-orm';
import type { Database } from './database.js';
import {
  addressHistory,
  domainPauses,
  inboundMessages,
  outageHolds,
  qualifications,
  webhookCursors,
} from './schema.js';
import { oldestPendingReceivedAt } from './spool-repository.js';

export interface OperationalCounts {
  /** Spool rows by state (states with no row are absent). */
  spoolByState: Record<string, number>;
  oldestReceivedAt: Date | undefined;
  /** Qualification rows waiting for staff (`to_qualify`). */
  toQualify: number;
  /** Holds waiting for a decision, by kind (outage, unsigned_bounce). */
  openHolds: Record<string, number>;
  /** Per webhook cursor: history rows not yet delivered, and when the oldest of them was written. */
  outbox: Array<{ name: string; rows: number; oldestAt: Date | undefined }>;
  /** Recipient domains paused now by domain health. */
  pausedDomains: number;
}

export async function readOperationalCounts(
  db: Database,
  now: Date = new Date(),
): Promise<OperationalCounts> {
  const spool = await db
    .select({ state: inboundMessages.state, n: count() })
    .from(inboundMessages)
    .groupBy(inboundMessages.state);
  const oldestReceivedAt = await oldestPendingReceivedAt(db);
  const toQualify = await db
    .select({ n: count() })
    .from(qualifications)
    .where(eq(qualifications.status, 'to_qualify'));
  const holds = await db
    .select({ kind: outageHolds.kind, n: count() })
    .from(outageHolds)
    .where(eq(outageHolds.status, 'held'))
    .groupBy(outageHolds.kind);
  const cursors = await db
    .select({ name: webhookCursors.name, lastId: webhookCursors.lastId })
    .from(webhookCursors);
  const outbox: OperationalCounts['outbox'] = [];
  for (const cursor of cursors) {
    const rows = await db
      .select({ n: count(), oldest: min(addressHistory.createdAt) })
      .from(addressHistory)
      .where(gt(addressHistory.id, cursor.lastId));
    const oldest = rows[0]?.oldest;
    outbox.push({
      name: cursor.name,
      rows: Number(rows[0]?.n ?? 0),
      oldestAt: oldest ? new Date(oldest) : undefined,
    });
  }
  const paused = await db
    .select({ n: countDistinct(domainPauses.domain) })
    .from(domainPauses)
    .where(gt(domainPauses.pausedUntil, now));
  return {
    pausedDomains: Number(paused[0]?.n ?? 0),
    spoolByState: Object.fromEntries(spool.map((row) => [row.state, Number(row.n)])),
    oldestReceivedAt,
    toQualify: Number(toQualify[0]?.n ?? 0),
    openHolds: Object.fromEntries(holds.map((row) => [row.kind, Number(row.n)])),
    outbox,
  };
}
