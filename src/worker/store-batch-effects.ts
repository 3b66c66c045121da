/**
 * Records the recipient effects of a batch of messages inside the batch's transaction, in a
 * fixed number of statements whatever the recipients: staff's decisions on every distinct
 * text read at once, the events inserted at once (the unique key makes a replayed message a
 * no-op), holds and the outage guard's counts loaded once per distinct (domain, text), the
 * hold decisions made in pure code (quarantine/outage-guard.ts). What must go through the
 * quarantine policy is returned, so the batch applies all its addresses at once
 * (ledger/apply-event-batch.ts). Unsubscribes (one recipient each) are written one by one.
 */
import type { Database } from '../store/database.js';
import { insertDeliveryEvents } from '../store/event-batch-repository.js';
import type { NewDeliveryEvent } from '../store/event-repository.js';
import {
  ensureQualifications,
  qualificationKey,
  type QualificationInput,
} from '../store/qualification-repository.js';
import { insertProfileDenylistEntry } from '../store/profile-denylist-repository.js';
import type { QualificationSighting } from '../store/qualification-counter.js';
import {
  countRecentHardErrorsMany,
  findHolds,
  holdEvents,
  holdKeyString,
  lockGuardDomains,
  type HardErrorWindow,
  type HoldKey,
  type HoldKind,
  type HoldStatus,
} from '../store/outage-hold-repository.js';
import { SYSTEM_ACTOR } from '../quarantine/audit.js';
import {
  countSince,
  countUntil,
  decideBatchHolds,
  type BatchHardError,
  type OutageGuardConfig,
} from '../quarantine/outage-guard.js';
import { recordAddressOptOut } from '../unsubscribe/record-opt-out.js';
import type { StoredEvent } from '../ledger/apply-event-batch.js';
import { withBounceTrust, type RecipientEffect } from './plan-recipient-effects.js';
import { withStaffDecision } from './staff-decision.js';

export type RecordOutcome =
  'duplicate' | 'recorded' | 'denylisted' | 'opted-out' | 'held' | 'to-apply';

/** One message's effects, to store under its spool row. */
export interface MessageEffects {
  spoolId: number;
  effects: readonly RecipientEffect[];
}

export interface StoredBatchEffects {
  /** Per message (in input order): how many effects ended in each outcome. */
  tallies: Array<Partial<Record<RecordOutcome, number>>>;
  /** To count once the transaction has committed (QualificationCounter). */
  sightings: QualificationSighting[];
  /** For the policy: the effects that apply to their address. */
  toApply: StoredEvent[];
}

const GUARD_OFF: OutageGuardConfig = { threshold: 0, windowMinutes: 0 };

interface Prepared {
  message: number;
  planned: RecipientEffect;
  /** After staff's decision and the trust check: what is stored and done. */
  effect: RecipientEffect;
  row: NewDeliveryEvent;
  guardIndex?: number;
}

export async function storeBatchEffects(
  tx: Database,
  messages: readonly MessageEffects[],
  guard: OutageGuardConfig = GUARD_OFF,
): Promise<StoredBatchEffects> {
  const flat = messages.flatMap((message, index) =>
    message.effects.map((planned) => ({ index, spoolId: message.spoolId, planned })),
  );
  if (guard.threshold > 0)
    await lockGuardDomains(
      tx,
      flat
        .map(({ planned }) => planned)
        .filter((effect) => effect.policyEvent?.kind === 'failure' && effect.domain !== ''),
    );

  const decisions = await ensureQualifications(
    tx,
    flat.flatMap(({ planned }) => (planned.verdict ? [sightingOf(planned)!] : [])),
  );
  const prepared: Prepared[] = flat.map(({ index, spoolId, planned }) => {
    const decision = planned.verdict
      ? decisions.get(qualificationKey(planned.channel, planned.verdict.normalizedText))
      : undefined;
    // Staff decide on the verdict before the trust check: a text staff made hard is still
    // held (or only recorded) when the bounce was unsigned.
    const staff = decision ? withStaffDecision(planned, decision) : undefined;
    const effect = withBounceTrust(staff ?? planned);
    return { message: index, planned, effect, row: eventRow(spoolId, planned, effect) };
  });

  const guarded = await loadGuardInputs(
    tx,
    prepared,
    guard,
    messages.map((m) => m.spoolId),
  );
  const inserted = await insertDeliveryEvents(
    tx,
    prepared.map((p) => p.row),
  );
  const eventIds = new Map(
    inserted.map((row) => [`${row.messageId}:${row.recipientIndex}`, row.id]),
  );

  const result: StoredBatchEffects = {
    tallies: messages.map(() => ({})),
    sightings: [],
    toApply: [],
  };
  const candidates: Array<{ item: Prepared; eventId: number }> = [];
  const holds = new Map<string, { key: HoldKey; events: Array<{ eventId: number; at: Date }> }>();
  const hold = (key: HoldKey, eventId: number, at: Date) => {
    const id = holdKeyString(key);
    const group = holds.get(id) ?? { key, events: [] };
    group.events.push({ eventId, at });
    holds.set(id, group);
  };
  const outcomes: Array<{ item: Prepared; outcome: RecordOutcome; eventId?: number }> = [];
  for (const item of prepared) {
    const eventId = eventIds.get(`${item.row.messageId}:${item.row.recipientIndex}`);
    if (eventId === undefined) {
      outcomes.push({ item, outcome: 'duplicate' });
      continue;
    }
    const sighting = sightingOf(item.planned);
    if (sighting) result.sightings.push(sighting);
    const { effect } = item;
    if (effect.effect === 'applied' && effect.profileDenylist) {
      await insertProfileDenylistEntry(tx, {
        ...effect.profileDenylist,
        at: effect.eventTime,
        cause: 'unsubscribe',
        actor: SYSTEM_ACTOR,
      });
      outcomes.push({ item, outcome: 'denylisted' });
    } else if (effect.effect === 'applied' && effect.addressOptOut) {
      await recordAddressOptOut(tx, {
        address: effect.address,
        ...effect.addressOptOut,
        source: 'mailto',
        ...(effect.deliveryId ? { deliveryId: effect.deliveryId } : {}),
        actor: SYSTEM_ACTOR,
        at: effect.eventTime,
      });
      outcomes.push({ item, outcome: 'opted-out' });
    } else if (effect.effect !== 'applied' || !effect.policyEvent) {
      outcomes.push({ item, outcome: 'recorded' });
    } else if (effect.hold === 'unsigned_bounce') {
      hold(holdKeyOf(effect, 'unsigned_bounce'), eventId, effect.policyEvent.at);
      outcomes.push({ item, outcome: 'held' });
    } else {
      if (item.guardIndex !== undefined) candidates.push({ item, eventId });
      outcomes.push({ item, outcome: 'to-apply', eventId });
    }
  }
  const heldByGuard = new Set<number>();
  const verdicts = decideBatchHolds(
    candidates.map(({ item }) => guarded[item.guardIndex!]!),
    guard,
  );
  candidates.forEach(({ item, eventId }, i) => {
    if (!verdicts[i]) return;
    heldByGuard.add(eventId);
    hold(holdKeyOf(item.effect, 'outage'), eventId, item.effect.policyEvent!.at);
  });
  for (const group of holds.values()) await holdEvents(tx, group.key, group.events);

  for (const { item, outcome, eventId } of outcomes) {
    const held = outcome === 'to-apply' && heldByGuard.has(eventId!);
    const final: RecordOutcome = held ? 'held' : outcome;
    const tally = result.tallies[item.message]!;
    tally[final] = (tally[final] ?? 0) + 1;
    if (final !== 'to-apply') continue;
    result.toApply.push({
      identity: { address: item.effect.address, channel: item.effect.channel },
      event: item.effect.policyEvent!,
      eventId: eventId!,
    });
  }
  return result;
}

/**
 * The guard's inputs for each hard error it may hold (marked on `prepared` by guardIndex):
 * holds read once per key, stored counts once per distinct window, before the batch's events
 * are inserted (the batch counts its own in decideBatchHolds).
 */
async function loadGuardInputs(
  tx: Database,
  prepared: Prepared[],
  guard: OutageGuardConfig,
  spoolIds: number[],
): Promise<BatchHardError[]> {
  if (guard.threshold <= 0) return [];
  const inputs: Array<Omit<BatchHardError, 'hold' | 'storedCount'> & { holdKey: HoldKey }> = [];
  for (const item of prepared) {
    const { effect } = item;
    const event = effect.policyEvent;
    if (
      effect.effect !== 'applied' ||
      effect.profileDenylist ||
      effect.addressOptOut ||
      effect.hold ||
      event?.kind !== 'failure' ||
      event.type !== 'hard' ||
      !effect.domain ||
      !effect.verdict?.normalizedText
    )
      continue;
    const holdKey = holdKeyOf(effect, 'outage');
    item.guardIndex = inputs.length;
    inputs.push({ key: holdKeyString(holdKey), at: event.at, holdKey });
  }
  if (inputs.length === 0) return [];
  const distinctKeys = new Map(inputs.map((input) => [input.key, input.holdKey]));
  const stored = await findHolds(tx, [...distinctKeys.values()]);
  const windows: HardErrorWindow[] = [];
  const windowIndex = new Map<string, number>();
  const perInput = inputs.map((input) => {
    const row = stored.get(input.key);
    const hold = row
      ? {
          status: row.status as HoldStatus,
          ...(row.decidedAt ? { decidedAt: row.decidedAt } : {}),
        }
      : undefined;
    const since = countSince(input.at, guard, hold?.decidedAt);
    const until = countUntil(input.at, guard);
    const id = `${input.key}\u0000${since.getTime()}\u0000${until.getTime()}`;
    let index = windowIndex.get(id);
    // An open hold holds whatever the count: no need to count.
    if (index === undefined && hold?.status !== 'held') {
      index = windows.length;
      windowIndex.set(id, index);
      const { kind: _kind, ...key } = input.holdKey;
      windows.push({ key, since, until });
    }
    return { input, hold, index };
  });
  const counts = await countRecentHardErrorsMany(tx, windows, spoolIds);
  return perInput.map(({ input, hold, index }) => ({
    key: input.key,
    at: input.at,
    ...(hold ? { hold } : {}),
    storedCount: index === undefined ? 0 : counts[index]!,
  }));
}

function eventRow(
  spoolId: number,
  planned: RecipientEffect,
  effect: RecipientEffect,
): NewDeliveryEvent {
  const { result } = planned;
  const verdict = effect.verdict;
  return {
    messageId: spoolId,
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
    effect: effect.effect,
    deliveryId: planned.deliveryId ?? null,
    profileId: planned.profileId ?? null,
    remoteMta: result.remoteMta ?? null,
    eventTime: planned.eventTime,
  };
}

/** The rules' verdict seen on this effect (staff's decision is not a sighting of its own). */
function sightingOf(planned: RecipientEffect): QualificationInput | undefined {
  if (!planned.verdict) return undefined;
  return {
    channel: planned.channel,
    rawText: planned.result.diagnostic ?? '',
    verdict: planned.verdict,
    seenAt: planned.eventTime,
  };
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
