/**
 * How a staff decision is stored in delivery_events so that a replay keeps it, with its actor.
 * Rows written before the `actor` column kept it in `rule_id` as `actor:<name>` (or in
 * `remote_mta`); the reader still accepts them.
 */
import type { NewDeliveryEvent, DeliveryEventRow } from '../store/event-repository.js';
import type { AddressStatus, Channel, Reason } from '../core/vocabulary.js';
import { emailDomain } from '../core/address.js';

const ACTOR_PREFIX = 'actor:';

/** The event row of a manual status change (`kind` manual, `effect` applied). */
export function manualEventRow(input: {
  channel: Channel;
  address: string;
  status: AddressStatus;
  actor: string;
  at: Date;
  reason?: Reason;
  text?: string;
}): NewDeliveryEvent {
  return {
    channel: input.channel,
    address: input.address,
    domain: input.channel === 'email' ? emailDomain(input.address) : '',
    kind: 'manual',
    status: input.status,
    reason: input.reason ?? null,
    diagnostic: input.text ?? null,
    actor: input.actor,
    effect: 'applied',
    eventTime: input.at,
  };
}

/** The actor of a stored manual event row. */
export function actorOfManualRow(
  row: Pick<DeliveryEventRow, 'actor' | 'ruleId' | 'remoteMta'>,
): string {
  if (row.actor) return row.actor;
  if (row.ruleId?.startsWith(ACTOR_PREFIX)) return row.ruleId.slice(ACTOR_PREFIX.length);
  return row.remoteMta ?? 'staff';
}

/** The event row of a cleanup run that changed this address (replayed by `planCleanup`). */
export function cleanupEventRow(input: {
  channel: Channel;
  address: string;
  status: AddressStatus;
  at: Date;
}): NewDeliveryEvent {
  return {
    channel: input.channel,
    address: input.address,
    domain: input.channel === 'email' ? emailDomain(input.address) : '',
    kind: 'cleanup',
    status: input.status,
    effect: 'applied',
    eventTime: input.at,
  };
}
