/**
 * Holds and the events they keep from the policy: an outage hold (a burst of one hard error
 * from one domain) or an unsigned-bounce hold (bounces that came on no valid VERP token).
 * Each held event names its hold (delivery_events.hold_id).
 */
import { and, asc, desc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';
import { deliveryEvents, outageHolds } from './schema.js';
import type { Channel } from '../core/vocabulary.js';

export type OutageHoldRow = typeof outageHolds.$inferSelect;
export type HoldStatus = 'held' | 'applied' | 'discarded';
export type HoldKind = 'outage' | 'unsigned_bounce';
export const HOLD_KINDS: readonly HoldKind[] = ['outage', 'unsigned_bounce'];

export interface HoldKey {
  kind: HoldKind;
  channel: Channel;
  domain: string;
  normalizedText: string;
}

/** Advisory-lock namespace of the outage guard (the first key of the two-key form). */
const GUARD_LOCK_NAMESPACE = 0x0b0d;

/**
 * Serializes the guard's count-then-hold per domain across workers: two transactions counting
 * one burst at once would each miss the other's uncommitted error, and hold too few. The locks
 * are taken in one order (sorted), so messages naming several domains cannot deadlock; they
 * end with the transaction.
 */
export async function lockGuardDomains(
  db: Database,
  domains: ReadonlyArray<{ channel: Channel; domain: string }>,
): Promise<void> {
  const keys = [...new Set(domains.map((d) => lockKeyOf(`${d.channel}:${d.domain}`)))].sort(
    (a, b) => a - b,
  );
  if (keys.length === 0) return;
  // One statement: the subquery hands the keys over in the array's (sorted) order.
  await db.execute(
    sql`select count(pg_advisory_xact_lock(${GUARD_LOCK_NAMESPACE}, k.key))
          from (select (e.value)::int as key
                  from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) with ordinality as e(value, n)
                  order by e.n) as k`,
  );
}

/** FNV-1a, as a signed 32-bit key: the same in every process. */
function lockKeyOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** The holds of these keys, by holdKeyString, in one query. */
export async function findHolds(
  db: Database,
  keys: readonly HoldKey[],
): Promise<Map<string, OutageHoldRow>> {
  const found = new Map<string, OutageHoldRow>();
  if (keys.length === 0) return found;
  const rows = await db
    .select()
    .from(outageHolds)
    .where(
      or(
        ...keys.map((key) =>
          and(
            eq(outageHolds.kind, key.kind),
            eq(outageHolds.channel, key.channel),
            eq(outageHolds.domain, key.domain),
            eq(outageHolds.normalizedText, key.normalizedText),
          ),
        ),
      ),
    );
  for (const row of rows) found.set(holdKeyString(row as HoldKey), row);
  return found;
}

/** A hold key as one string, for maps. */
export function holdKeyString(key: HoldKey): string {
  return [key.kind, key.channel, key.domain, key.normalizedText].join('\u0000');
}

/** One count of countRecentHardErrors, for countRecentHardErrorsMany. */
export interface HardErrorWindow {
  key: Omit<HoldKey, 'kind'>;
  since: Date;
  until: Date;
}

/**
 * Hard errors of a text from a domain in (since, until] — those held by an outage hold
 * included; unsigned bounces waiting for staff do not count, they may be forged — for many
 * windows in one statement, one count per window in order;
 * events of the messages in `excludeMessageIds` are not counted (the batch counts its own).
 */
export async function countRecentHardErrorsMany(
  db: Database,
  windows: readonly HardErrorWindow[],
  excludeMessageIds: readonly number[] = [],
): Promise<number[]> {
  if (windows.length === 0) return [];
  const records = windows.map((w, i) => ({
    i,
    channel: w.key.channel,
    domain: w.key.domain,
    normalized_text: w.key.normalizedText,
    since: w.since.toISOString(),
    until: w.until.toISOString(),
  }));
  const rows = await queryRows<{ i: number; n: number }>(
    db,
    sql`select x.i, (
          select count(*)::int from delivery_events d
           where d.domain = x.domain and d.normalized_text = x.normalized_text
             and d.channel = x.channel and d.failure_type = 'hard'
             and d.event_time > x.since and d.event_time <= x.until
             and (d.message_id is null or d.message_id <> all(${`{${excludeMessageIds.join(',')}}`}::bigint[]))
             and (d.effect = 'applied'
                  or (d.effect = 'held' and d.hold_id in (select id from outage_holds where kind = 'outage')))
        ) as n
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
          as x(i int, channel text, domain text, normalized_text text, since timestamptz, until timestamptz)`,
  );
  const counts = new Array<number>(windows.length).fill(0);
  for (const row of rows) counts[row.i] = Number(row.n);
  return counts;
}

/**
 * Holds events of one key: the hold is opened (or re-opened, counting from one again when it
 * was decided) once and counts them all; two statements whatever their number.
 */
export async function holdEvents(
  db: Database,
  key: HoldKey,
  events: ReadonlyArray<{ eventId: number; at: Date }>,
): Promise<void> {
  if (events.length === 0) return;
  const times = events.map((e) => e.at.getTime());
  const firstSeen = new Date(Math.min(...times));
  const lastSeen = new Date(Math.max(...times));
  const n = events.length;
  const [hold] = await db
    .insert(outageHolds)
    .values({ ...key, status: 'held', heldEvents: n, firstSeen, lastSeen })
    .onConflictDoUpdate({
      target: [
        outageHolds.kind,
        outageHolds.channel,
        outageHolds.domain,
        outageHolds.normalizedText,
      ],
      set: {
        heldEvents: sql`case when ${outageHolds.status} = 'held' then ${outageHolds.heldEvents} + ${n} else ${n} end`,
        firstSeen: sql`case when ${outageHolds.status} = 'held' then least(${outageHolds.firstSeen}, excluded.first_seen) else excluded.first_seen end`,
        lastSeen: sql`greatest(${outageHolds.lastSeen}, excluded.last_seen)`,
        status: 'held',
        decidedBy: null,
        decidedAt: null,
      },
    })
    .returning({ id: outageHolds.id });
  await db
    .update(deliveryEvents)
    .set({ effect: 'held', holdId: hold!.id })
    .where(
      inArray(
        deliveryEvents.id,
        events.map((e) => e.eventId),
      ),
    );
}

export async function listHolds(
  db: Database,
  filter: { status?: HoldStatus; kind?: HoldKind } = {},
): Promise<OutageHoldRow[]> {
  const conditions = [
    ...(filter.status ? [eq(outageHolds.status, filter.status)] : []),
    ...(filter.kind ? [eq(outageHolds.kind, filter.kind)] : []),
  ];
  return db
    .select()
    .from(outageHolds)
    .where(and(...conditions))
    .orderBy(desc(outageHolds.lastSeen), asc(outageHolds.id))
    .limit(1_000);
}

export async function loadHoldForUpdate(
  db: Database,
  id: number,
): Promise<OutageHoldRow | undefined> {
  const rows = await db.select().from(outageHolds).where(eq(outageHolds.id, id)).for('update');
  return rows[0];
}

/** Moves the hold's held events to `effect`; returns them (id, channel, address). */
export async function releaseHeldEvents(
  db: Database,
  hold: OutageHoldRow,
  effect: 'applied' | 'ignored' | 'untrusted',
) {
  return db
    .update(deliveryEvents)
    .set({ effect })
    .where(and(eq(deliveryEvents.effect, 'held'), eq(deliveryEvents.holdId, hold.id)))
    .returning({
      id: deliveryEvents.id,
      channel: deliveryEvents.channel,
      address: deliveryEvents.address,
    });
}

export async function markHoldDecided(
  db: Database,
  id: number,
  status: Exclude<HoldStatus, 'held'>,
  actor: string,
  at: Date,
): Promise<OutageHoldRow> {
  const rows = await db
    .update(outageHolds)
    .set({ status, decidedBy: actor, decidedAt: at })
    .where(eq(outageHolds.id, id))
    .returning();
  return rows[0]!;
}

/** The hard errors applied just before the hold opened (the burst's first ones), to undo them too. */
export async function ignoreBurstStart(
  db: Database,
  hold: OutageHoldRow,
  since: Date,
  until: Date,
) {
  return db
    .update(deliveryEvents)
    .set({ effect: 'ignored' })
    .where(
      and(
        eq(deliveryEvents.effect, 'applied'),
        eq(deliveryEvents.failureType, 'hard'),
        eq(deliveryEvents.channel, hold.channel),
        eq(deliveryEvents.domain, hold.domain),
        eq(deliveryEvents.normalizedText, hold.normalizedText),
        gt(deliveryEvents.eventTime, since),
        lte(deliveryEvents.eventTime, until),
      ),
    )
    .returning({
      id: deliveryEvents.id,
      channel: deliveryEvents.channel,
      address: deliveryEvents.address,
    });
}

/** The events of one hold (held or since decided), newest first, for staff to review. */
export async function listHoldEvents(db: Database, holdId: number, limit: number) {
  return db
    .select({
      id: deliveryEvents.id,
      messageId: deliveryEvents.messageId,
      address: deliveryEvents.address,
      kind: deliveryEvents.kind,
      effect: deliveryEvents.effect,
      status: deliveryEvents.status,
      diagnostic: deliveryEvents.diagnostic,
      eventTime: deliveryEvents.eventTime,
    })
    .from(deliveryEvents)
    .where(eq(deliveryEvents.holdId, holdId))
    .orderBy(desc(deliveryEvents.eventTime), desc(deliveryEvents.id))
    .limit(limit);
}
