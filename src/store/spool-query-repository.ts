/** Staff's view of the spool: what could not be qualified, what failed, what still waits. */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from './database.js';
import { inboundMessages } from './schema.js';
import type { SpoolState } from './spool-repository.js';

export interface SpoolListing {
  id: number;
  source: string;
  mailFrom: string;
  rcptTo: string[];
  remoteIp: string | null;
  helo: string | null;
  tls: boolean | null;
  receivedAt: Date;
  size: number;
  state: string;
  kind: string | null;
  error: string | null;
  attempts: number;
  processedAt: Date | null;
}

/** Newest first; `before` is the last id of the previous page. */
export async function listSpooledMessages(
  db: Database,
  query: { state?: SpoolState; before?: number; limit: number },
): Promise<SpoolListing[]> {
  const conditions = [];
  if (query.state) conditions.push(eq(inboundMessages.state, query.state));
  if (query.before !== undefined) conditions.push(lt(inboundMessages.id, query.before));
  return db
    .select({
      id: inboundMessages.id,
      source: inboundMessages.source,
      mailFrom: inboundMessages.mailFrom,
      rcptTo: inboundMessages.rcptTo,
      remoteIp: inboundMessages.remoteIp,
      helo: inboundMessages.helo,
      tls: inboundMessages.tls,
      receivedAt: inboundMessages.receivedAt,
      size: inboundMessages.size,
      state: inboundMessages.state,
      kind: inboundMessages.kind,
      error: inboundMessages.error,
      attempts: inboundMessages.attempts,
      processedAt: inboundMessages.processedAt,
    })
    .from(inboundMessages)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(inboundMessages.id))
    .limit(query.limit);
}

/**
 * Puts a message that could not be parsed, or whose storage failed, back in `received` so the
 * worker reads it again (after a parser or rule fix). Processed messages are not re-run: their
 * events are stored, and re-qualification covers rule changes.
 */
export async function resetForRetry(
  db: Database,
  id: number,
): Promise<'reset' | 'not-retryable' | 'missing'> {
  const rows = await db
    .select({ state: inboundMessages.state, size: inboundMessages.size })
    .from(inboundMessages)
    .where(eq(inboundMessages.id, id));
  const row = rows[0];
  if (!row) return 'missing';
  if (row.state !== 'unparseable' && row.state !== 'failed') return 'not-retryable';
  await db
    .update(inboundMessages)
    .set({ state: 'received', error: null, attempts: 0, processedAt: null })
    .where(eq(inboundMessages.id, id));
  return 'reset';
}
