/**
 * Re-qualification: when staff qualify a text or the rules change, the failure events that
 * waited on a text are decided again with the rules now in force, and every address they touch
 * is rebuilt from its event log — so qualifying a text fixes every address it touched. Work
 * goes in pages of events, one transaction each, so a text seen 100,000 times never holds one
 * long transaction.
 */
import type { Logger } from 'pino';
import { type Database, withTransaction } from '../store/database.js';
import type { DeliveryEventRow } from '../store/event-repository.js';
import {
  listTextEvents,
  updateEventVerdicts,
  type EventVerdictUpdate,
} from '../store/requalify-event-repository.js';
import {
  listRequalifiableRows,
  updateQualification,
} from '../store/qualification-query-repository.js';
import type { Category, Channel } from '../core/vocabulary.js';
import type { MatchFacts, Verdict } from '../qualify/index.js';
import type { PolicyConfig } from '../quarantine/types.js';
import { addressKey } from '../store/address-repository.js';
import { replayAddresses, type AddressKey } from '../ledger/replay-addresses.js';

export interface RequalifyDeps {
  db: Database;
  policy: PolicyConfig;
  /** The verdict of the rules in force for facts whose text is already normalized. */
  decide(facts: MatchFacts): Verdict;
  logger?: Logger;
  /** Events per transaction (default 500). */
  pageSize?: number;
}

export interface RequalifyOutcome {
  texts: number;
  /** Events whose verdict changed. */
  events: number;
  /** Addresses replayed, and those whose record changed. */
  addresses: number;
  changedAddresses: number;
}

export interface TextKey {
  channel: string;
  normalizedText: string;
}

/** Re-decides the events of these texts; returns what changed. */
export async function requalifyTexts(
  texts: readonly TextKey[],
  deps: RequalifyDeps,
): Promise<RequalifyOutcome> {
  const outcome: RequalifyOutcome = { texts: 0, events: 0, addresses: 0, changedAddresses: 0 };
  for (const text of texts) {
    await requalifyText(text, deps, outcome);
    outcome.texts++;
  }
  return outcome;
}

/**
 * After a rule change: every text still To qualify, and every text last decided by one of
 * `changedRuleIds`, unless staff qualified it (their decision is a rule of its own). Their
 * table rows take the new decision too.
 */
export async function requalifyAfterRuleChange(
  changedRuleIds: readonly string[],
  deps: RequalifyDeps,
): Promise<RequalifyOutcome> {
  const outcome: RequalifyOutcome = { texts: 0, events: 0, addresses: 0, changedAddresses: 0 };
  let afterId = 0;
  for (;;) {
    const rows = await listRequalifiableRows(deps.db, changedRuleIds, { afterId, limit: 200 });
    if (rows.length === 0) break;
    for (const row of rows) {
      afterId = row.id;
      const last = await requalifyText(row, deps, outcome);
      outcome.texts++;
      if (!last) continue;
      const status = last.toQualify ? 'to_qualify' : 'keep';
      const same =
        row.status === status &&
        row.type === last.type &&
        row.reason === last.reason &&
        row.ruleId === (last.ruleId ?? null);
      if (same) continue;
      await updateQualification(deps.db, row.id, {
        status,
        type: last.type,
        reason: last.reason,
        ruleId: last.ruleId ?? null,
        ruleSetVersion: last.ruleSetVersion ?? null,
      });
    }
  }
  if (outcome.events > 0) deps.logger?.info({ event: 'rules.requalified', ...outcome });
  return outcome;
}

/** Returns the verdict of the text's newest event (for its table row), if it has events. */
async function requalifyText(
  text: TextKey,
  deps: RequalifyDeps,
  outcome: RequalifyOutcome,
): Promise<Verdict | undefined> {
  const pageSize = deps.pageSize ?? 500;
  let afterId = 0;
  let last: Verdict | undefined;
  for (;;) {
    const done = await withTransaction(deps.db, async (tx) => {
      const events = await listTextEvents(tx, text, { afterId, limit: pageSize });
      if (events.length === 0) return true;
      afterId = events[events.length - 1]!.id;
      const groups = new Map<string, { update: EventVerdictUpdate; ids: number[] }>();
      const touched = new Map<string, AddressKey>();
      for (const row of events) {
        const verdict = deps.decide(factsOf(row));
        last = verdict;
        const update = verdictUpdate(verdict);
        if (sameVerdict(row, update)) continue;
        const key = JSON.stringify(update);
        const group = groups.get(key) ?? { update, ids: [] };
        group.ids.push(row.id);
        groups.set(key, group);
        const channel = row.channel as Channel;
        touched.set(addressKey(channel, row.address), {
          channel,
          address: row.address,
          eventId: row.id,
        });
      }
      for (const { update, ids } of groups.values()) {
        await updateEventVerdicts(tx, ids, update);
        outcome.events += ids.length;
      }
      outcome.addresses += touched.size;
      outcome.changedAddresses += await replayAddresses(tx, [...touched.values()], deps.policy);
      return events.length < pageSize;
    });
    if (done) return last;
  }
}

function factsOf(row: DeliveryEventRow): MatchFacts {
  return {
    channel: row.channel as Channel,
    normalizedText: row.normalizedText ?? '',
    ...(row.category ? { category: row.category as Category } : {}),
    ...(row.status ? { status: row.status } : {}),
    ...(row.replyCode ? { replyCode: row.replyCode } : {}),
    ...(row.domain ? { domain: row.domain } : {}),
  };
}

function verdictUpdate(verdict: Verdict): EventVerdictUpdate {
  return {
    failureType: verdict.type,
    reason: verdict.reason,
    ruleId: verdict.ruleId ?? null,
    ruleSetVersion: verdict.ruleSetVersion ?? null,
    effect: verdict.type === 'ignored' ? 'ignored' : 'applied',
  };
}

/** The version alone changing (a new set version, same rule and outcome) is not worth a replay. */
function sameVerdict(row: DeliveryEventRow, update: EventVerdictUpdate): boolean {
  return (
    row.failureType === update.failureType &&
    row.reason === update.reason &&
    row.ruleId === update.ruleId &&
    row.effect === update.effect
  );
}
