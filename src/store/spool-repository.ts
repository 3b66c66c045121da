/** The durable spool of raw inbound messages. */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, gte, inArray, lt, min, sql, count } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';
import { inboundMessages } from './schema.js';
import type { InboundMessage } from '../intake/types.js';

export type SpoolState = 'received' | 'processed' | 'unparseable' | 'failed';
/** States whose message still has to go through the worker. */
export const PENDING_STATES: SpoolState[] = ['received'];

export interface SpooledMessage {
  id: number;
  source: string;
  mailFrom: string;
  rcptTo: string[];
  /** The client's IP, HELO/EHLO name and TLS use (null: unknown, e.g. IMAP). */
  remoteIp: string | null;
  helo: string | null;
  tls: boolean | null;
  receivedAt: Date;
  raw: Buffer;
  state: SpoolState;
  attempts: number;
}

export interface StoreResult {
  id: number;
  duplicate: boolean;
  state: SpoolState;
}

export function sha256Hex(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** Stores the raw bytes once; the same bytes again return the existing row (duplicate). */
export async function storeInboundMessage(
  db: Database,
  message: InboundMessage,
): Promise<StoreResult> {
  const [stored] = await storeInboundMessages(db, [message]);
  return stored!;
}

/**
 * Stores several messages in one multi-row INSERT (one commit: intake's group commit), in
 * order: a message whose bytes are already stored — before, or earlier in the same batch — is
 * a duplicate of that row. At most two statements whatever the batch size.
 */
export async function storeInboundMessages(
  db: Database,
  messages: readonly InboundMessage[],
): Promise<StoreResult[]> {
  if (messages.length === 0) return [];
  const hashes = messages.map((message) => sha256Hex(message.raw));
  const inserted = await db
    .insert(inboundMessages)
    .values(
      messages.map((message, i) => ({
        source: message.source,
        mailFrom: message.envelope.mailFrom,
        rcptTo: message.envelope.rcptTo,
        remote: message.envelope.remote ?? null,
        remoteIp: message.client?.remoteIp ?? null,
        helo: message.client?.helo ?? null,
        tls: message.client?.tls ?? null,
        receivedAt: message.receivedAt,
        size: message.raw.length,
        sha256: hashes[i]!,
        raw: message.raw,
      })),
    )
    .onConflictDoNothing({ target: inboundMessages.sha256 })
    .returning({ id: inboundMessages.id, sha256: inboundMessages.sha256 });
  const fresh = new Map(inserted.map((row) => [row.sha256, row.id]));
  const others = [...new Set(hashes.filter((hash) => !fresh.has(hash)))];
  const existing = new Map<string, { id: number; state: SpoolState }>();
  if (others.length > 0) {
    const rows = await db
      .select({
        id: inboundMessages.id,
        state: inboundMessages.state,
        sha256: inboundMessages.sha256,
      })
      .from(inboundMessages)
      .where(inArray(inboundMessages.sha256, others));
    for (const row of rows)
      existing.set(row.sha256, { id: row.id, state: row.state as SpoolState });
  }
  const claimed = new Set<string>();
  return hashes.map((hash) => {
    const id = fresh.get(hash);
    if (id !== undefined) {
      if (claimed.has(hash)) return { id, duplicate: true, state: 'received' };
      claimed.add(hash);
      return { id, duplicate: false, state: 'received' };
    }
    const row = existing.get(hash);
    if (!row) throw new Error('spool row vanished between insert and select');
    return { id: row.id, duplicate: true, state: row.state };
  });
}

/**
 * Locks the messages' rows for this transaction (in id order, so two batches sharing rows
 * cannot deadlock) and returns each one's state: two workers given the same message (a
 * requeue, a stalled job) store its effects once.
 */
export async function lockMessageStates(
  tx: Database,
  ids: readonly number[],
): Promise<Map<number, SpoolState>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: inboundMessages.id, state: inboundMessages.state })
    .from(inboundMessages)
    .where(inArray(inboundMessages.id, [...ids]))
    .orderBy(asc(inboundMessages.id))
    .for('update');
  return new Map(rows.map((row) => [row.id, row.state as SpoolState]));
}

export async function loadSpooledMessage(
  db: Database,
  id: number,
): Promise<SpooledMessage | undefined> {
  const [message] = await loadSpooledMessages(db, [id]);
  return message;
}

/** The messages of these ids that exist, in one query (the worker loads a batch at once). */
export async function loadSpooledMessages(
  db: Database,
  ids: readonly number[],
): Promise<SpooledMessage[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(inboundMessages)
    .where(inArray(inboundMessages.id, [...ids]));
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    mailFrom: row.mailFrom,
    rcptTo: row.rcptTo,
    remoteIp: row.remoteIp,
    helo: row.helo,
    tls: row.tls,
    receivedAt: row.receivedAt,
    raw: row.raw,
    state: row.state as SpoolState,
    attempts: row.attempts,
  }));
}

/**
 * Ids still waiting for the worker, oldest first (restart recovery and the sweeper), one page
 * at a time: pass the last id of a page as `afterId` for the next.
 */
export async function listPendingMessageIds(
  db: Database,
  options: { receivedBefore?: Date; afterId?: number; limit?: number } = {},
): Promise<number[]> {
  const conditions = [inArray(inboundMessages.state, PENDING_STATES)];
  if (options.receivedBefore)
    conditions.push(lt(inboundMessages.receivedAt, options.receivedBefore));
  if (options.afterId !== undefined) conditions.push(gt(inboundMessages.id, options.afterId));
  const rows = await db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(...conditions))
    .orderBy(asc(inboundMessages.id))
    .limit(options.limit ?? 1_000);
  return rows.map((row) => row.id);
}

/** When the oldest message still waiting for the worker arrived (undefined: none waits). */
export async function oldestPendingReceivedAt(db: Database): Promise<Date | undefined> {
  const rows = await db
    .select({ oldest: min(inboundMessages.receivedAt) })
    .from(inboundMessages)
    .where(inArray(inboundMessages.state, PENDING_STATES));
  const oldest = rows[0]?.oldest;
  return oldest ? new Date(oldest) : undefined;
}

/** Messages that ended `failed` since `since` (their processed_at is when they left `received`). */
export async function countFailedSince(db: Database, since: Date): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.state, 'failed'), gte(inboundMessages.processedAt, since)));
  return Number(rows[0]?.n ?? 0);
}

/**
 * Marks a message `failed` whose job the queue gave up on without the worker recording it
 * (the database refused the last write, or the job stalled too often). Only a row still
 * `received` moves: a worker that finished it meanwhile wins.
 */
export async function markStuckMessageFailed(
  db: Database,
  id: number,
  error: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(inboundMessages)
    .set({ state: 'failed', error, processedAt: now })
    .where(and(eq(inboundMessages.id, id), eq(inboundMessages.state, 'received')))
    .returning({ id: inboundMessages.id });
  return rows.length > 0;
}

/** How the worker finished a message. */
export interface MessageOutcome {
  id: number;
  state: 'processed' | 'unparseable';
  kind: string;
  error?: string;
}

/** Sets the final state of a batch's messages in one statement. */
export async function markMessagesDone(
  db: Database,
  outcomes: readonly MessageOutcome[],
  now: Date,
): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) => ({
    id: o.id,
    state: o.state,
    kind: o.kind,
    error: o.error ?? null,
  }));
  await db.execute(sql`update inbound_messages m
      set state = x.state, kind = x.kind, error = x.error, processed_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id bigint, state text, kind text, error text)
      where m.id = x.id`);
}

/** Records a failed attempt; `final` moves the message to `failed` (shown to staff). */
export async function recordMessageFailure(
  db: Database,
  id: number,
  error: string,
  final: boolean,
  now: Date = new Date(),
): Promise<void> {
  await db
    .update(inboundMessages)
    .set({
      attempts: sql`${inboundMessages.attempts} + 1`,
      error,
      ...(final ? { state: 'failed', processedAt: now } : {}),
    })
    .where(and(eq(inboundMessages.id, id), eq(inboundMessages.state, 'received')));
}

/** Empties the raw bytes of up to `limit` messages processed before `cutoff`; returns how many. */
export async function dropProcessedRawBefore(
  db: Database,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update inbound_messages set raw = ''::bytea
        where id in (
          select id from inbound_messages
          where state = 'processed' and processed_at < ${cutoff.toISOString()}::timestamptz
            and octet_length(raw) > 0
          limit ${limit})
        returning id`,
  );
  return rows.length;
}
