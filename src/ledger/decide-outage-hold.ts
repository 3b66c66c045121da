/**
 * Staff's decision on a hold. `apply`: the held events were real — apply them (the addresses
 * are rebuilt from their event logs). `discard` of an outage hold: it was the provider's
 * outage — ignore the held errors and the burst's first ones that went through before the hold
 * opened, and rebuild those addresses, so nobody stays quarantined for it. `discard` of an
 * unsigned-bounce hold: the bounces are taken as forged — their events become `untrusted`
 * (nothing of them was applied, so no address changes).
 */
import { type Database, withTransaction } from '../store/database.js';
import { AppError } from '../errors.js';
import {
  ignoreBurstStart,
  loadHoldForUpdate,
  markHoldDecided,
  releaseHeldEvents,
  type OutageHoldRow,
} from '../store/outage-hold-repository.js';
import { insertChangeAudit } from '../store/change-audit-repository.js';
import { replayAddresses, type AddressKey } from './replay-addresses.js';
import { countSince, countUntil, type OutageGuardConfig } from '../quarantine/outage-guard.js';
import type { PolicyConfig } from '../quarantine/types.js';
import type { Channel } from '../core/vocabulary.js';

export interface HoldDecisionResult {
  hold: OutageHoldRow;
  events: number;
  changedAddresses: number;
}

export async function decideOutageHold(
  db: Database,
  id: number,
  decision: 'apply' | 'discard',
  context: { actor: string; now: Date; policy: PolicyConfig; guard: OutageGuardConfig },
): Promise<HoldDecisionResult> {
  return withTransaction(db, async (tx) => {
    const hold = await loadHoldForUpdate(tx, id);
    if (!hold) throw new AppError('API_NOT_FOUND', `no hold ${id}`);
    if (hold.status !== 'held')
      throw new AppError('API_CONFLICT', `hold ${id} was already ${hold.status}`);
    const outage = hold.kind === 'outage';
    const discarded = outage ? 'ignored' : 'untrusted';
    const moved = await releaseHeldEvents(tx, hold, decision === 'apply' ? 'applied' : discarded);
    const undone =
      decision === 'discard' && outage
        ? await ignoreBurstStart(
            tx,
            hold,
            countSince(hold.firstSeen, context.guard),
            countUntil(hold.lastSeen, context.guard),
          )
        : [];
    const keys = new Map<string, AddressKey>();
    for (const event of [...moved, ...undone]) {
      const key = `${event.channel}\u0000${event.address}`;
      const known = keys.get(key);
      if (!known || known.eventId < event.id)
        keys.set(key, {
          channel: event.channel as Channel,
          address: event.address,
          eventId: event.id,
        });
    }
    const cause = `${outage ? 'outage' : 'unsigned_bounce'}_hold_${decision === 'apply' ? 'applied' : 'discarded'}`;
    const changedAddresses = await replayAddresses(tx, [...keys.values()], context.policy, cause);
    const decided = await markHoldDecided(
      tx,
      id,
      decision === 'apply' ? 'applied' : 'discarded',
      context.actor,
      context.now,
    );
    await insertChangeAudit(tx, {
      entity: 'outage_hold',
      entityId: String(id),
      action: decision,
      actor: context.actor,
      before: { kind: hold.kind, status: hold.status, heldEvents: hold.heldEvents },
      after: { status: decided.status, events: moved.length + undone.length, changedAddresses },
      at: context.now,
    });
    return { hold: decided, events: moved.length + undone.length, changedAddresses };
  });
}
