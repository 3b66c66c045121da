/**
 * Stores a batch of sender events (POST /api/events) in one transaction: the event rows (a
 * repeated caller id is skipped: delivery_events.external_id is unique), the qualification
 * counters, and the address records through the policy, in bulk.
 */
import { type Database, withTransaction } from '../store/database.js';
import { insertDeliveryEvents } from '../store/event-batch-repository.js';
import {
  countQualifications,
  type QualificationSighting,
} from '../store/qualification-batch-repository.js';
import type { PolicyConfig } from '../quarantine/types.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import { applyEventBatch, type StoredEvent } from './apply-event-batch.js';
import { planSenderEvent, type PlannedSenderEvent, type SenderEvent } from './plan-sender-event.js';

export interface SenderEventsOutcome {
  received: number;
  /** Events whose id was already stored (or repeated in the batch): nothing done. */
  duplicates: number;
  /** Events that went through the policy. */
  applied: number;
  /** Failures qualified as Ignored: recorded only. */
  ignored: number;
  /** Addresses whose record changed. */
  changedAddresses: number;
}

export async function recordSenderEvents(
  db: Database,
  events: readonly SenderEvent[],
  deps: { qualify(input: QualifyInput): Verdict; policy: PolicyConfig },
): Promise<SenderEventsOutcome> {
  const planned = new Map<string, PlannedSenderEvent>();
  for (const event of events) {
    if (!planned.has(event.id)) planned.set(event.id, planSenderEvent(event, deps.qualify));
  }
  return withTransaction(db, async (tx) => {
    const inserted = await insertDeliveryEvents(
      tx,
      [...planned.values()].map((p) => p.row),
    );
    const stored: StoredEvent[] = [];
    const sightings: QualificationSighting[] = [];
    let ignored = 0;
    for (const row of inserted) {
      const plan = planned.get(row.externalId ?? '');
      if (!plan) continue;
      const channel = plan.row.channel as StoredEvent['identity']['channel'];
      if (plan.verdict) {
        sightings.push({
          channel,
          rawText: plan.row.diagnostic ?? '',
          verdict: plan.verdict,
          seenAt: plan.row.eventTime,
        });
      }
      if (!plan.policyEvent) {
        ignored++;
        continue;
      }
      stored.push({
        identity: { channel, address: row.address },
        event: plan.policyEvent,
        eventId: row.id,
      });
    }
    await countQualifications(tx, sightings);
    const outcome = stored.length > 0 ? await applyEventBatch(tx, stored, deps.policy) : undefined;
    return {
      received: events.length,
      duplicates: events.length - inserted.length,
      applied: stored.length,
      ignored,
      changedAddresses: outcome?.changed ?? 0,
    };
  });
}
