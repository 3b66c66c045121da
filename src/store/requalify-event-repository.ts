/**
 * The failure events a re-qualification may re-decide: those of one text whose verdict came
 * from the qualifier (a caller-given type has no rule-set version and is never second-guessed),
 * and the bulk update of their verdicts.
 */
import { and, asc, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from './database.js';
import { deliveryEvents } from './schema.js';
import type { DeliveryEventRow } from './event-repository.js';

/** Kinds of rows that carry a failure verdict (bounces, sender failures). */
export const FAILURE_EVENT_KINDS = ['bounce', 'failed', 'sync-error'] as const;

/**
 * One page of the events of (channel, normalized text), in id order.
 * Note: delivery_events has no index on normalized_text; see README "Qualification".
 */
export async function listTextEvents(
  db: Database,
  text: { channel: string; normalizedText: string },
  page: { afterId: number; limit: number },
): Promise<DeliveryEventRow[]> {
  return db
    .select()
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.channel, text.channel),
        eq(deliveryEvents.normalizedText, text.normalizedText),
        inArray(deliveryEvents.kind, [...FAILURE_EVENT_KINDS]),
        inArray(deliveryEvents.effect, ['applied', 'ignored']),
        isNotNull(deliveryEvents.ruleSetVersion),
        gt(deliveryEvents.id, page.afterId),
      ),
    )
    .orderBy(asc(deliveryEvents.id))
    .limit(page.limit);
}

/** A new verdict for some events. */
export interface EventVerdictUpdate {
  failureType: string;
  reason: string;
  ruleId: string | null;
  ruleSetVersion: string | null;
  effect: 'applied' | 'ignored' | 'untrusted';
}

/** Writes one verdict onto many events (one statement per distinct verdict of a page). */
export async function updateEventVerdicts(
  db: Database,
  ids: readonly number[],
  update: EventVerdictUpdate,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(deliveryEvents)
    .set(update)
    .where(inArray(deliveryEvents.id, [...ids]));
}
