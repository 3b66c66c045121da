/**
 * Records an address-level opt-out inside the caller's transaction: the row (once — the
 * unique key makes a repeated request a no-op), and only when it is new, the change audit
 * entry and the webhook event. The address's quarantine status is never touched.
 */
import type { Database } from '../store/database.js';
import { insertAddressOptOut, type AddressOptOut } from '../store/opt-out-repository.js';
import { addressEntityId, insertChangeAudit } from '../store/change-audit-repository.js';
import { insertOutboxEvent } from '../store/outbox-event-repository.js';

/** The webhook event type of a new opt-out. */
export const OPT_OUT_EVENT = 'address.opted_out';

/** Returns true when the opt-out is new (false: it was already recorded). */
export async function recordAddressOptOut(tx: Database, optOut: AddressOptOut): Promise<boolean> {
  const created = await insertAddressOptOut(tx, optOut);
  if (!created) return false;
  const after = {
    service: optOut.service ?? null,
    source: optOut.source,
    deliveryId: optOut.deliveryId ?? null,
  };
  await insertChangeAudit(tx, {
    entity: 'address_optout',
    entityId: addressEntityId(optOut.channel, optOut.address),
    action: 'create',
    actor: optOut.actor,
    after,
    at: optOut.at,
  });
  await insertOutboxEvent(tx, {
    type: OPT_OUT_EVENT,
    payload: { address: optOut.address, channel: optOut.channel, ...after, actor: optOut.actor },
    at: optOut.at,
  });
  return true;
}
