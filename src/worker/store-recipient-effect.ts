/**
 * Writes one recipient effect inside the message's transaction: the event (once — the unique
 * key makes a replayed message a no-op), the qualification row, and the address record
 * through the policy. An event older than the address's newest one replays the history, so a
 * mailbox backlog ends where live order would have.
 */
import type { Database } from '../store/database.js';
import { insertAuditEntry, insertDeliveryEvent, listAppliedEvents } from '../store/event-repository.js';
import { loadAddressForUpdate, saveAddress } from '../store/address-repository.js';
import { ensureQualification } from '../store/qualification-repository.js';
import type { QualificationSighting } from '../store/qualification-counter.js';
import { insertProfileDenylistEntry } from '../store/profile-denylist-repository.js';
import { SYSTEM_ACTOR } from '../quarantine/audit.js';
import { applyQuarantinePolicy, replayAddressEvents, type PolicyConfig } from '../quarantine/index.js';
import type { RecipientEffect } from './plan-recipient-effects.js';
import { policyEventFromRow } from './policy-events-from-rows.js';
import { withStaffDecision } from './staff-decision.js';
import { updateEventVerdicts } from '../store/requalify-event-repository.js';

export type StoreOutcome = 'duplicate' | 'recorded' | 'unchanged' | 'changed';

export interface StoredEffect {
  outcome: StoreOutcome;
  /** To count once the transaction has committed (QualificationCounter). */
  sighting?: QualificationSighting;
}

export async function storeRecipientEffect(
  tx: Database,
  messageId: number | null,
  planned: RecipientEffect,
  config: PolicyConfig,
): Promise<StoredEffect> {
  let sighting: QualificationSighting | undefined;
  const outcome = await storeEffect(tx, messageId, planned, config, (seen) => {
    sighting = seen;
  });
  return sighting ? { outcome, sighting } : { outcome };
}

async function storeEffect(
  tx: Database,
  messageId: number | null,
  planned: RecipientEffect,
  config: PolicyConfig,
  counted: (sighting: QualificationSighting) => void,
): Promise<StoreOutcome> {
  const { result, verdict } = planned;
  let effect = planned;
  const eventId = await insertDeliveryEvent(tx, {
    messageId,
    recipientIndex: effect.recipientIndex,
    channel: effect.channel,
    address: effect.address,
    domain: effect.domain,
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
    effect: effect.effect,
    deliveryId: effect.deliveryId ?? null,
    profileId: effect.profileId ?? null,
    remoteMta: result.remoteMta ?? null,
    eventTime: effect.eventTime,
  });
  if (eventId === undefined) return 'duplicate';
  if (verdict) {
    const sighting = { channel: effect.channel, rawText: result.diagnostic ?? '', verdict, seenAt: effect.eventTime };
    const decision = await ensureQualification(tx, sighting);
    counted(sighting);
    const staff = withStaffDecision(effect, decision);
    if (staff?.verdict) {
      effect = staff;
      await updateEventVerdicts(tx, [eventId], {
        failureType: staff.verdict.type,
        reason: staff.verdict.reason,
        ruleId: staff.verdict.ruleId ?? null,
        ruleSetVersion: staff.verdict.ruleSetVersion ?? null,
        effect: staff.effect === 'ignored' ? 'ignored' : 'applied',
      });
    }
  }
  const { policyEvent } = effect;
  if (effect.effect === 'applied' && effect.profileDenylist) {
    const written = await insertProfileDenylistEntry(tx, {
      ...effect.profileDenylist,
      at: effect.eventTime,
      cause: 'unsubscribe',
      actor: SYSTEM_ACTOR,
    });
    return written ? 'changed' : 'unchanged';
  }
  if (effect.effect !== 'applied' || !policyEvent) return 'recorded';

  const identity = { address: effect.address, channel: effect.channel };
  const current = await loadAddressForUpdate(tx, effect.channel, effect.address);
  const lastEventAt = current?.lastEventAt;
  if (lastEventAt && policyEvent.at < lastEventAt) {
    const rows = await listAppliedEvents(tx, effect.channel, effect.address);
    const events = rows.map(policyEventFromRow).filter((event) => event !== undefined);
    const replay = replayAddressEvents(identity, events, config, current);
    if (!replay.changed || !replay.record) return 'unchanged';
    await saveAddress(tx, replay.record, lastEventAt);
    if (replay.audit) await insertAuditEntry(tx, replay.audit, eventId);
    return 'changed';
  }
  const outcome = applyQuarantinePolicy(current, identity, policyEvent, config);
  if (!outcome.changed) {
    // Still move lastEventAt forward: a later, older event must replay past this one.
    if (current) await saveAddress(tx, current, policyEvent.at);
    return 'unchanged';
  }
  await saveAddress(tx, outcome.record, policyEvent.at);
  if (outcome.audit) await insertAuditEntry(tx, outcome.audit, eventId);
  return 'changed';
}
