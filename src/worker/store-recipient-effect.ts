/**
 * Records one recipient effect inside the message's transaction: the event (once — the unique
 * key makes a replayed message a no-op), the qualification row with staff's decision, and a
 * profile denylist entry (or, without a profile id, an address opt-out) for an unsubscribe; a bounce that came on no valid VERP token (under
 * UNSIGNED_BOUNCES=hold), or a hard error in an outage-sized burst, is held for review instead.
 * What must go through the quarantine policy is
 * returned, so the message applies all its addresses in one batch (apply-event-batch.ts).
 */
import type { Database } from '../store/database.js';
import { insertDeliveryEvent } from '../store/event-repository.js';
import { ensureQualification } from '../store/qualification-repository.js';
import { updateEventVerdicts } from '../store/requalify-event-repository.js';
import { insertProfileDenylistEntry } from '../store/profile-denylist-repository.js';
import type { QualificationSighting } from '../store/qualification-counter.js';
import { SYSTEM_ACTOR } from '../quarantine/audit.js';
import { recordAddressOptOut } from '../unsubscribe/record-opt-out.js';
import { withBounceTrust, type RecipientEffect } from './plan-recipient-effects.js';
import type { StoredEvent } from '../ledger/apply-event-batch.js';
import { withStaffDecision } from './staff-decision.js';
import {
  countSince,
  countUntil,
  shouldHoldHardError,
  type OutageGuardConfig,
} from '../quarantine/outage-guard.js';
import {
  countRecentHardErrors,
  findHold,
  holdEvent,
  type HoldKey,
  type HoldKind,
  type HoldStatus,
} from '../store/outage-hold-repository.js';

export type RecordOutcome =
  'duplicate' | 'recorded' | 'denylisted' | 'opted-out' | 'held' | 'to-apply';

export interface RecordedEffect {
  outcome: RecordOutcome;
  /** To count once the transaction has committed (QualificationCounter). */
  sighting?: QualificationSighting;
  /** For the policy, when the effect applies to the address. */
  toApply?: StoredEvent;
}

export async function recordRecipientEffect(
  tx: Database,
  messageId: number | null,
  planned: RecipientEffect,
  guard: OutageGuardConfig = { threshold: 0, windowMinutes: 0 },
): Promise<RecordedEffect> {
  const { result, verdict } = planned;
  const trusted = withBounceTrust(planned);
  const eventId = await insertDeliveryEvent(tx, {
    messageId,
    recipientIndex: planned.recipientIndex,
    externalId: planned.externalId ?? null,
    channel: planned.channel,
    address: planned.address,
    domain: planned.domain,
    kind:
      planned.policyEvent?.kind === 'failure' || !planned.policyEvent
        ? planned.kind
        : planned.policyEvent.kind,
    category: result.category,
    status: result.status ?? null,
    replyCode: result.replyCode ?? null,
    diagnostic: result.diagnostic ?? null,
    normalizedText: verdict?.normalizedText ?? null,
    failureType: verdict?.type ?? null,
    reason: verdict?.reason ?? null,
    ruleId: verdict?.ruleId ?? null,
    ruleSetVersion: verdict?.ruleSetVersion ?? null,
    effect: trusted.effect,
    deliveryId: planned.deliveryId ?? null,
    profileId: planned.profileId ?? null,
    remoteMta: result.remoteMta ?? null,
    eventTime: planned.eventTime,
  });
  if (eventId === undefined) return { outcome: 'duplicate' };

  let effect = trusted;
  let sighting: QualificationSighting | undefined;
  if (verdict) {
    sighting = {
      channel: effect.channel,
      rawText: result.diagnostic ?? '',
      verdict,
      seenAt: effect.eventTime,
    };
    // Staff decide on the verdict before the trust check: a text staff made hard is still
    // held (or only recorded) when the bounce was unsigned.
    const staff = withStaffDecision(planned, await ensureQualification(tx, sighting));
    if (staff?.verdict) {
      effect = withBounceTrust(staff);
      await updateEventVerdicts(tx, [eventId], {
        failureType: staff.verdict.type,
        reason: staff.verdict.reason,
        ruleId: staff.verdict.ruleId ?? null,
        ruleSetVersion: staff.verdict.ruleSetVersion ?? null,
        effect:
          effect.effect === 'applied' || effect.effect === 'ignored' ? effect.effect : 'untrusted',
      });
    }
  }
  const counted = sighting ? { sighting } : {};
  if (effect.effect === 'applied' && effect.profileDenylist) {
    await insertProfileDenylistEntry(tx, {
      ...effect.profileDenylist,
      at: effect.eventTime,
      cause: 'unsubscribe',
      actor: SYSTEM_ACTOR,
    });
    return { outcome: 'denylisted', ...counted };
  }
  if (effect.effect === 'applied' && effect.addressOptOut) {
    await recordAddressOptOut(tx, {
      address: effect.address,
      ...effect.addressOptOut,
      source: 'mailto',
      ...(effect.deliveryId ? { deliveryId: effect.deliveryId } : {}),
      actor: SYSTEM_ACTOR,
      at: effect.eventTime,
    });
    return { outcome: 'opted-out', ...counted };
  }
  if (effect.effect !== 'applied' || !effect.policyEvent)
    return { outcome: 'recorded', ...counted };
  if (effect.hold === 'unsigned_bounce') {
    await holdEvent(tx, holdKeyOf(effect, 'unsigned_bounce'), eventId, effect.policyEvent.at);
    return { outcome: 'held', ...counted };
  }
  if (await heldByOutageGuard(tx, effect, eventId, guard)) return { outcome: 'held', ...counted };
  return {
    outcome: 'to-apply',
    ...counted,
    toApply: {
      identity: { address: effect.address, channel: effect.channel },
      event: effect.policyEvent,
      eventId,
    },
  };
}

/** A hard error from a domain in a burst of the same text is held for review (outage guard). */
async function heldByOutageGuard(
  tx: Database,
  effect: RecipientEffect,
  eventId: number,
  guard: OutageGuardConfig,
): Promise<boolean> {
  const event = effect.policyEvent;
  const text = effect.verdict?.normalizedText;
  if (
    guard.threshold <= 0 ||
    event?.kind !== 'failure' ||
    event.type !== 'hard' ||
    !effect.domain ||
    !text
  )
    return false;
  const key = holdKeyOf(effect, 'outage');
  const hold = await findHold(tx, key);
  const since = countSince(event.at, guard, hold?.decidedAt ?? undefined);
  const recent =
    hold?.status === 'held'
      ? 0
      : await countRecentHardErrors(tx, key, since, countUntil(event.at, guard));
  const holdState = hold
    ? {
        status: hold.status as HoldStatus,
        ...(hold.decidedAt ? { decidedAt: hold.decidedAt } : {}),
      }
    : undefined;
  if (
    !shouldHoldHardError(
      { ...(holdState ? { hold: holdState } : {}), recentHardErrors: recent },
      guard,
    )
  )
    return false;
  await holdEvent(tx, key, eventId, event.at);
  return true;
}

/** Holds group one domain's events of one text (a success report has none: ''). */
function holdKeyOf(effect: RecipientEffect, kind: HoldKind): HoldKey {
  return {
    kind,
    channel: effect.channel,
    domain: effect.domain,
    normalizedText: effect.verdict?.normalizedText ?? '',
  };
}
