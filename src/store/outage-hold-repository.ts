/** Outage holds and the events they keep from the policy. */
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { deliveryEvents, outageHolds } from './schema.js';
import type { Channel } from '../core/vocabulary.js';

export type OutageHoldRow = typeof outageHolds.$inferSelect;
export type HoldStatus = 'held' | 'applied' | 'discarded';

export interface HoldKey {
  channel: Channel;
  domain: string;
  normalizedText: string;
}

export async function findHold(db: Database, key: HoldKey): Promise<OutageHoldRow | undefined> {
  const rows = await db
    .select()
    .from(outageHolds)
    .where(
      and(
        eq(outageHolds.channel, key.channel),
        eq(outageHolds.domain, key.domain),
        eq(outageHolds.normalizedText, key.normalizedText),
      ),
    );
  return rows[0];
}

/** Hard errors of this text from this domain in (since, until], held ones included. */
export async function countRecentHardErrors(
  db: Database,
  key: HoldKey,
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
        inArray(deliveryEvents.effect, ['applied', 'held']),
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
  await db.update(deliveryEvents).set({ effect: 'held' }).where(eq(deliveryEvents.id, eventId));
  await db
    .insert(outageHolds)
    .values({ ...key, status: 'held', heldEvents: 1, firstSeen: at, lastSeen: at })
    .onConflictDoUpdate({
      target: [outageHolds.channel, outageHolds.domain, outageHolds.normalizedText],
      set: {
        heldEvents: sql`case when ${outageHolds.status} = 'held' then ${outageHolds.heldEvents} + 1 else 1 end`,
        firstSeen: sql`case when ${outageHolds.status} = 'held' then least(${outageHolds.firstSeen}, excluded.first_seen) else excluded.first_seen end`,
        lastSeen: sql`greatest(${outageHolds.lastSeen}, excluded.last_seen)`,
        status: 'held',
        decidedBy: null,
        decidedAt: null,
      },
    });
}

export async function listHolds(db: Database, status?: HoldStatus): Promise<OutageHoldRow[]> {
  const query = db.select().from(outageHolds);
  const filtered = status ? query.where(eq(outageHolds.status, status)) : query;
  return filtered.orderBy(desc(outageHolds.lastSeen), asc(outageHolds.id)).limit(1_000);
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
  effect: 'applied' | 'ignored',
) {
  return db
    .update(deliveryEvents)
    .set({ effect })
    .where(
      and(
        eq(deliveryEvents.effect, 'held'),
        eq(deliveryEvents.channel, hold.channel),
        eq(deliveryEvents.domain, hold.domain),
        eq(deliveryEvents.normalizedText, hold.normalizedText),
      ),
    )
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
export async function ignoreBurstStart(db: Database, hold: OutageHoldRow, since: Date) {
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
        lte(deliveryEvents.eventTime, hold.lastSeen),
      ),
    )
    .returning({
      id: deliveryEvents.id,
      channel: deliveryEvents.channel,
      address: deliveryEvents.address,
    });
}
