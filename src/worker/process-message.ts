/**
 * The worker function both queue shells feed: load raw → parse → qualify → policy → store.
 * Parsing never throws (bad input is `unknown` and the message is marked `unparseable`, kept
 * for staff); any other error is retried by the queue, and the last attempt marks the message
 * `failed` so it is shown rather than retried forever.
 */
import type { Logger } from 'pino';
import { AppError, describeError, isAppError } from '../errors.js';
import { type Database, withTransaction } from '../store/database.js';
import {
  loadSpooledMessage,
  lockMessageState,
  markMessageDone,
  recordMessageFailure,
} from '../store/spool-repository.js';
import type { ParsedMessage, ParseOptions } from '../parse/types.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import type { PolicyConfig } from '../quarantine/types.js';
import type { MessageHandler } from '../queue/message-queue.js';
import {
  decisions,
  ruleHits,
  workerMessageDuration,
  workerMessageLatency,
  workerMessages,
} from '../metrics/index.js';
import {
  planRecipientEffects,
  type RecipientEffect,
  type UnsignedBounces,
} from './plan-recipient-effects.js';
import type { FeedbackSourceCheck } from './verify-feedback-source.js';
import { planHttpIntakeEffects } from './plan-http-intake-effects.js';
import { readHttpIntakePayload } from '../intake/http/http-intake-payload.js';
import { isEspProvider, readEspWebhook } from '../parse/esp/index.js';
import { planEspEffects } from './plan-esp-effects.js';
import type { CompiledRuleSet } from '../qualify/compile-rule-set.js';
import type { OutageGuardConfig } from '../quarantine/outage-guard.js';
import type { DomainHealthChecker } from '../domain-health/check-domain-health.js';
import { lockGuardDomains } from '../store/outage-hold-repository.js';
import type { SpooledMessage } from '../store/spool-repository.js';
import { recordRecipientEffect } from './store-recipient-effect.js';
import { applyEventBatch, type StoredEvent } from '../ledger/apply-event-batch.js';
import type {
  QualificationCounter,
  QualificationSighting,
} from '../store/qualification-counter.js';

export interface WorkerDeps {
  db: Database;
  logger: Logger;
  parse(raw: Buffer, options: ParseOptions): Promise<ParsedMessage>;
  qualify(input: QualifyInput): Verdict;
  policy: PolicyConfig;
  fblAddresses: string[];
  parseOptions: Omit<ParseOptions, 'envelopeTo'>;
  /** Holds hard errors of one text from one domain past a burst threshold (off when absent). */
  outageGuard?: OutageGuardConfig;
  /** Rule sets in force, for SMS status reports and push feedback (HTTP intake). */
  ruleSets?: () => readonly CompiledRuleSet[];
  /** Counts qualification sightings after commit; without one they are not counted. */
  counter?: QualificationCounter;
  now?: () => Date;
  /** What a bounce that came on no valid VERP token may do (default `apply`). */
  unsignedBounces?: UnsignedBounces;
  /** With FBL_SOURCES: the DKIM check a complaint must pass to denylist anyone. */
  checkFeedbackSource?: FeedbackSourceCheck;
  /** Counts the recipient domains after each message and pauses the failing ones (absent: off). */
  domainHealth?: DomainHealthChecker;
  /** Told of each outcome, for the readiness check (absent: not tracked). */
  health?: { succeeded(): void; failed(): void };
}

export function createMessageProcessor(deps: WorkerDeps): MessageHandler {
  const now = deps.now ?? (() => new Date());
  return async (spoolId, attempt) => {
    const stopTimer = workerMessageDuration.startTimer();
    try {
      const outcome = await processMessage(
        deps,
        spoolId,
        now,
        attempt.attempt >= attempt.maxAttempts,
      );
      deps.health?.succeeded();
      if (outcome) {
        stopTimer({ outcome });
        workerMessages.inc({ outcome });
      }
    } catch (error) {
      stopTimer({ outcome: 'failed' });
      workerMessages.inc({ outcome: 'failed' });
      if (isAppError(error) && error.code === 'WORKER_MESSAGE_MISSING') throw error;
      // Whatever failed (loading, planning, storing), the last attempt marks the row `failed`.
      // Should this write be refused too, the sweeper marks it once the queue gives up.
      const final = attempt.attempt >= attempt.maxAttempts;
      deps.health?.failed();
      await recordMessageFailure(deps.db, spoolId, describeError(error), final, now()).catch(
        () => undefined,
      );
      deps.logger.error({
        event: 'worker.message.failed',
        spoolId,
        attempt: attempt.attempt,
        final,
        err: error,
      });
      throw new AppError('WORKER_STORE_FAILED', describeError(error), {
        retryable: !final,
        cause: error,
      });
    }
  };
}

/** The state the message was stored in; undefined when another attempt had already done it. */
async function processMessage(
  deps: WorkerDeps,
  spoolId: number,
  now: () => Date,
  finalAttempt: boolean,
): Promise<'processed' | 'unparseable' | undefined> {
  const spooled = await loadSpooledMessage(deps.db, spoolId);
  if (!spooled) throw new AppError('WORKER_MESSAGE_MISSING', `spool row ${spoolId} not found`);
  if (spooled.state !== 'received') return undefined;

  const { parsed, effects, unparseable } = await planMessage(deps, spooled, finalAttempt);
  const sightings: QualificationSighting[] = [];
  let doneAt = now();
  const counts = await withTransaction(deps.db, async (tx) => {
    if ((await lockMessageState(tx, spoolId)) !== 'received') return undefined;
    if ((deps.outageGuard?.threshold ?? 0) > 0)
      await lockGuardDomains(
        tx,
        effects.filter((effect) => effect.policyEvent?.kind === 'failure' && effect.domain !== ''),
      );
    const tally: Record<string, number> = {};
    sightings.length = 0;
    const toApply: StoredEvent[] = [];
    for (const effect of effects) {
      const recorded = await recordRecipientEffect(tx, spoolId, effect, deps.outageGuard);
      tally[recorded.outcome] = (tally[recorded.outcome] ?? 0) + 1;
      if (recorded.sighting) sightings.push(recorded.sighting);
      if (recorded.toApply) toApply.push(recorded.toApply);
    }
    if (toApply.length > 0) {
      const applied = await applyEventBatch(tx, toApply, deps.policy);
      tally.changed = applied.changed;
      tally.unchanged = applied.unchanged;
    }
    doneAt = now();
    await markMessageDone(
      tx,
      spoolId,
      unparseable
        ? {
            state: 'unparseable',
            kind: parsed.kind,
            error: parsed.unknownReason ?? 'no recipient found',
          }
        : { state: 'processed', kind: parsed.kind },
      doneAt,
    );
    return tally;
  });
  if (!counts) return undefined;
  for (const sighting of sightings) deps.counter?.count(sighting);
  countDecisions(effects, spooled.receivedAt, doneAt);
  // After commit, in its own short transaction: a pause is about the domain, not this message.
  await deps.domainHealth?.check(
    effects
      .filter((e) => e.channel === 'email' && (e.kind === 'bounce' || e.kind === 'delivered'))
      .map((e) => e.domain),
  );
  deps.logger.info({
    event: unparseable ? 'worker.message.unparseable' : 'worker.message.processed',
    spoolId,
    kind: parsed.kind,
    parser: parsed.parser,
    recipients: effects.length,
    ...counts,
  });
  return unparseable ? 'unparseable' : 'processed';
}

/** After commit: the message's latency and each qualified recipient's decision and rule. */
function countDecisions(effects: readonly RecipientEffect[], receivedAt: Date, doneAt: Date) {
  workerMessageLatency.observe(Math.max(0, (doneAt.getTime() - receivedAt.getTime()) / 1000));
  for (const { verdict } of effects) {
    if (!verdict) continue;
    decisions.inc({ type: verdict.type, reason: verdict.reason });
    ruleHits.inc({ rule_id: verdict.ruleId ?? 'none' });
  }
}

/** Mail goes through the bounce parser; HTTP intake rows carry their own JSON payload. */
async function planMessage(
  deps: WorkerDeps,
  spooled: SpooledMessage,
  finalAttempt: boolean,
): Promise<{
  parsed: Pick<ParsedMessage, 'kind' | 'parser' | 'unknownReason'>;
  effects: RecipientEffect[];
  unparseable: boolean;
}> {
  if (spooled.source === 'http') {
    const payload = readHttpIntakePayload(spooled.raw);
    if (!payload)
      return {
        parsed: { kind: 'unknown', unknownReason: 'not a valid HTTP intake payload' },
        effects: [],
        unparseable: true,
      };
    const effects = planHttpIntakeEffects(payload, deps.ruleSets?.() ?? [], spooled.receivedAt);
    const kind = payload.type === 'sms-inbound' ? 'complaint' : 'bounce';
    return { parsed: { kind, parser: `http:${payload.type}` }, effects, unparseable: false };
  }
  if (isEspProvider(spooled.source)) {
    const reading = readEspWebhook(spooled.source, spooled.raw, {
      lowercaseLocalPart: deps.parseOptions.lowercaseLocalPart ?? true,
    });
    const effects = planEspEffects(reading, {
      receivedAt: spooled.receivedAt,
      qualify: deps.qualify,
    });
    const kinds = new Set(reading.events.map((event) => event.kind));
    const kind: ParsedMessage['kind'] =
      kinds.size === 0 ? 'unknown' : kinds.size === 1 ? [...kinds][0]! : 'bounce';
    const parsed = {
      kind,
      parser: `esp:${spooled.source}`,
      ...(reading.unknownReason ? { unknownReason: reading.unknownReason } : {}),
    };
    // A batch of opens and clicks only is processed with nothing to do, not unparseable.
    return { parsed, effects, unparseable: reading.unknownReason !== undefined };
  }
  const parsed = await safeParse(deps, spooled.raw, spooled.rcptTo);
  const complaintTrusted = await checkComplaintSource(deps, spooled, parsed, finalAttempt);
  const effects = planRecipientEffects(parsed, {
    rcptTo: spooled.rcptTo,
    receivedAt: spooled.receivedAt,
    fblAddresses: deps.fblAddresses,
    qualify: deps.qualify,
    ...(deps.unsignedBounces ? { unsignedBounces: deps.unsignedBounces } : {}),
    ...(complaintTrusted !== undefined ? { complaintTrusted } : {}),
  });
  const unparseable =
    parsed.kind === 'unknown' || (parsed.kind === 'bounce' && effects.length === 0);
  return { parsed, effects, unparseable };
}

/**
 * With FBL_SOURCES, a complaint to an FBL address counts only when the provider's DKIM
 * signature verifies on the stored bytes. A DNS failure is retried while attempts remain
 * (a real complaint is not lost to a resolver hiccup); then the complaint is kept untrusted.
 * Undefined: no check applies (no sources configured, or not a complaint to an FBL address).
 */
async function checkComplaintSource(
  deps: WorkerDeps,
  spooled: SpooledMessage,
  parsed: ParsedMessage,
  finalAttempt: boolean,
): Promise<boolean | undefined> {
  const check = deps.checkFeedbackSource;
  const complaint =
    parsed.kind === 'complaint' || parsed.results.some((r) => r.category === 'feedback');
  const fromFbl = spooled.rcptTo.some((rcpt) => deps.fblAddresses.includes(rcpt.toLowerCase()));
  if (!check || !complaint || !fromFbl) return undefined;
  const verdict = await check(spooled.raw).catch((error: unknown) => ({
    trusted: false as const,
    reason: `DKIM check failed: ${describeError(error)}`,
    temporary: false,
    signingDomains: [],
  }));
  if (verdict.trusted) return true;
  if (verdict.temporary && !finalAttempt) {
    throw new AppError('WORKER_DKIM_TEMPFAIL', verdict.reason, { retryable: true });
  }
  deps.logger.warn({
    event: 'worker.complaint.untrusted',
    spoolId: spooled.id,
    reason: verdict.reason,
    signingDomains: verdict.signingDomains,
  });
  return false;
}

async function safeParse(deps: WorkerDeps, raw: Buffer, rcptTo: string[]): Promise<ParsedMessage> {
  try {
    return await deps.parse(raw, { ...deps.parseOptions, envelopeTo: rcptTo });
  } catch (error) {
    // The parser promises never to throw; if it does, the message is kept as unparseable.
    deps.logger.error({ event: 'worker.parse.crashed', err: error });
    return { kind: 'unknown', results: [], unknownReason: `parser error: ${describeError(error)}` };
  }
}
