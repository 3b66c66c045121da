/**
 * Spool retention: the raw bytes of processed messages are dropped after SPOOL_RETENTION_DAYS
 * (the row, its sha256 — duplicate detection — and its events stay). Messages staff must still
 * see (unparseable, failed) and those still waiting keep their bytes.
 */
import type { Database } from '../store/database.js';
import { dropProcessedRawBefore } from '../store/spool-repository.js';

/** Rows per statement, so a first run on a large spool does not hold one huge transaction. */
const BATCH = 5_000;

export async function purgeSpool(
  db: Database,
  now: Date,
  retentionDays: number,
): Promise<{ purged: number; cutoff: string | null }> {
  if (retentionDays <= 0) return { purged: 0, cutoff: null };
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let purged = 0;
  for (;;) {
    const dropped = await dropProcessedRawBefore(db, cutoff, BATCH);
    purged += dropped;
    if (dropped < BATCH) return { purged, cutoff: cutoff.toISOString() };
  }
}
