/**
 * Holds and the events they keep from the policy: an outage hold (a burst of one hard error
 * from one domain) or an unsigned-bounce hold (bounces that came on no valid VERP token).
 * Each held event names its hold (delivery_events.hold_id).
 */
import { and, asc, desc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Database } from './database.js';
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
  for (const key of keys)
    await db.execute(sql`select pg_advisory_xact_lock(${GUARD_LOCK_NAMESPACE}, ${key}::int)`);
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

export async function findHold(db: Database, key: HoldKey): Promise<OutageHoldRow | undefined> {
  const rows = await db
    .select()
    .from(outageHolds)
    .where(
      and(
        eq(outageHolds.kind, key.kind),
        eq(outageHolds.channel, key.channel),
        eq(outageHolds.domain, key.domain),
        eq(outageHolds.normalizedText, key.normalizedText),
      ),
    );
  return rows[0];
}

/**
 * Hard errors of this text from this domain in (since, until], those held by an outage hold
 * included. Unsigned bounces waiting for staff do not count: they may be forged.
 */
export async function countRecentHardErrors(
  db: Database,
  key: Omit<HoldKey, 'kind'>,
  since: Date,
  until: Date,
): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.domain, key.domain),
        eq(deliveryEvents.normalizedText, key.normalizedText),
        eq(deliveryEvents.channel, key.channel),
        eq(deliveryEvents.failureType, 'hard'),
        or(
          eq(deliveryEvents.effect, 'applied'),
          and(
            eq(deliveryEvents.effect, 'held'),
            inArray(
              deliveryEvents.holdId,
              db
                .select({ id: outageHolds.id })
                .from(outageHolds)
                .where(eq(outageHolds.kind, 'outage')),
            ),
          ),
        ),
        gt(deliveryEvents.eventTime, since),
        lte(deliveryEvents.eventTime, until),
      ),
    );
  return rows[0]?.n ?? 0;
}

/** Opens the hold (or re-opens a decided one) and counts one more held event. */
export async function holdEvent(
  db: Database,
  key: HoldKey,
  eventId: number,
  at: Date,
): Promise<void> {
  const [hold] = await db
    .insert(outageHolds)
    .values({ ...key, status: 'held', heldEvents: 1, firstSeen: at, lastSeen: at })
    .onConflictDoUpdate({
      target: [
        outageHolds.kind,
        outageHolds.channel,
        outageHolds.domain,
        outageHolds.normalizedText,
      ],
      set: {
        heldEvents: sql`case when ${outageHolds.status} = 'held' then ${outageHolds.heldEvents} + 1 else 1 end`,
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
    .where(eq(deliveryEvents.id, eventId));
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
