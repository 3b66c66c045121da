import type { Reason } from '../../../src/core/vocabulary.js';
import {
  type AddressRecord,
  type PolicyEvent,
  type PolicyOutcome,
  DEFAULT_POLICY_CONFIG,
  applyQuarantinePolicy,
} from '../../../src/quarantine/index.js';

export const identity = { address: 'ann@example.com', channel: 'email' as const };
export const config = DEFAULT_POLICY_CONFIG;
const T0 = Date.UTC(2024, 0, 1, 8, 0, 0);

/** The instant `days` (fractional allowed) after 2024-01-01T08:00Z. */
export function day(days: number): Date {
  return new Date(T0 + days * 86_400_000);
}

export function soft(at: Date, reason: Reason = 'mailbox_full'): PolicyEvent {
  return { kind: 'failure', type: 'soft', reason, at, text: `soft ${reason}` };
}
export function hard(at: Date, reason: Reason = 'user_unknown'): PolicyEvent {
  return { kind: 'failure', type: 'hard', reason, at, text: `hard ${reason}` };
}
export function ignored(at: Date): PolicyEvent {
  return { kind: 'failure', type: 'ignored', reason: 'refused', at, text: 'blocked' };
}
export function complaint(at: Date): PolicyEvent {
  return { kind: 'complaint', at, text: 'abuse report' };
}
export function delivered(at: Date): PolicyEvent {
  return { kind: 'delivered', at };
}
export function manual(
  at: Date,
  status: AddressRecord['status'],
  actor = 'staff@rebound',
): PolicyEvent {
  return { kind: 'manual', at, status, actor };
}

/** Apply events live, in the given order; returns every outcome. */
export function applyAll(
  events: PolicyEvent[],
  start?: AddressRecord,
): { record: AddressRecord | undefined; outcomes: PolicyOutcome[] } {
  let record = start;
  const outcomes: PolicyOutcome[] = [];
  for (const event of events) {
    const outcome = applyQuarantinePolicy(record, identity, event, config);
    outcomes.push(outcome);
    if (outcome.changed) record = outcome.record;
  }
  return { record, outcomes };
}
