/**
 * Pure: what one event reported by the sending system (POST /api/events) means for its
 * address. A `failed` or `sync-error` with a text goes through the qualifier like a bounce;
 * a type and reason given by the caller win (the sender may know better, e.g. a push
 * provider's code). No I/O: the caller stores what this returns.
 */
import type { Channel, FailureType, Reason } from '../core/vocabulary.js';
import { emailDomain } from '../core/address.js';
import { classifyFailure } from '../parse/categories/classify.js';
import { findReplyCode, findStatus } from '../parse/text/codes.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import type { PolicyEvent } from '../quarantine/types.js';
import type { NewDeliveryEvent } from '../store/event-repository.js';

/** One sender event, validated, its address already normalized. */
export interface SenderEvent {
  /** The caller's idempotency key (delivery_events.external_id). */
  id: string;
  channel: Channel;
  address: string;
  kind: 'delivered' | 'failed' | 'sync-error';
  at: Date;
  type?: FailureType;
  reason?: Reason;
  text?: string;
  deliveryId?: string;
  profileId?: string;
}

export interface PlannedSenderEvent {
  row: NewDeliveryEvent;
  /** The policy event to apply; absent for an ignored failure (recorded only). */
  policyEvent?: PolicyEvent;
  /** The qualifier's verdict when it ran, for the qualification counter. */
  verdict?: Verdict;
}

export function planSenderEvent(
  event: SenderEvent,
  qualify: (input: QualifyInput) => Verdict,
): PlannedSenderEvent {
  const domain = event.channel === 'email' ? emailDomain(event.address) : '';
  const ids = event.deliveryId ? { deliveryId: event.deliveryId } : {};
  const row: NewDeliveryEvent = {
    externalId: event.id,
    channel: event.channel,
    address: event.address,
    domain,
    kind: event.kind,
    diagnostic: event.text ?? null,
    deliveryId: event.deliveryId ?? null,
    profileId: event.profileId ?? null,
    eventTime: event.at,
    effect: 'applied',
  };
  if (event.kind === 'delivered') {
    return {
      row: { ...row, category: 'delivered' },
      policyEvent: { kind: 'delivered', at: event.at, ...ids },
    };
  }
  const status = findStatus(event.text);
  const replyCode = findReplyCode(event.text);
  const category = classifyFailure({ diagnostic: event.text, status, replyCode, action: 'failed' });
  const verdict =
    event.text !== undefined
      ? qualify({
          channel: event.channel,
          category,
          text: event.text,
          ...(domain ? { domain } : {}),
          ...(status ? { status } : {}),
          ...(replyCode ? { replyCode } : {}),
        })
      : undefined;
  const type: FailureType = event.type ?? verdict?.type ?? 'soft';
  const reason: Reason = event.reason ?? verdict?.reason ?? 'not_defined';
  const stored: NewDeliveryEvent = {
    ...row,
    category,
    status: status ?? null,
    replyCode: replyCode ?? null,
    normalizedText: verdict?.normalizedText ?? null,
    failureType: type,
    reason,
    ruleId: event.type ? null : (verdict?.ruleId ?? null),
    ruleSetVersion: event.type ? null : (verdict?.ruleSetVersion ?? null),
    effect: type === 'ignored' ? 'ignored' : 'applied',
  };
  const planned: PlannedSenderEvent = { row: stored, ...(verdict ? { verdict } : {}) };
  if (type === 'ignored') return planned;
  return {
    ...planned,
    policyEvent: {
      kind: 'failure',
      type,
      reason,
      at: event.at,
      ...(event.text !== undefined ? { text: event.text } : {}),
      ...ids,
    },
  };
}
