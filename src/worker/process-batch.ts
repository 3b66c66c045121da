/**
 * The worker function both queue shells feed: load raw → parse → qualify → policy → store,
 * for a batch of messages at a time. Jobs that arrive while a batch is stored wait and go in
 * the next one (core/group-commit.ts); a batch is loaded in one query, parsed outside the
 * transaction, and stored in one transaction of multi-row statements (store-batch-effects.ts,
 * ledger/apply-event-batch.ts). A batch that fails is stored again one message at a time, so a
 * poison message fails alone. Parsing never throws (bad input is `unknown` and the message is
 * marked `unparseable`, kept for staff); any other error is retried by the queue, and the last
 * attempt marks the message `failed` so it is shown rather than retried forever.
 */
import type { Logger } from 'pino';
import { AppError, describeError, isAppError } from '../errors.js';
import { type Database, withTransaction } from '../store/database.js';
import {
  loadSpooledMessages,
  lockMessageStates,
  markMessagesDone,
  recordMessageFailure,
  type MessageOutcome,
} from '../store/spool-repository.js';
import type { ParsedMessage, ParseOptions } from '../parse/types.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import type { PolicyConfig } from '../quarantine/types.js';
import type { AttemptInfo, MessageHandler } from '../queue/message-queue.js';
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
import type { SpooledMessage } from '../store/spool-repository.js';
import { storeBatchEffects, type RecordOutcome } from './store-batch-effects.js';
import { applyEventBatch } from '../ledger/apply-event-batch.js';
import type { QualificationCounter } from '../store/qualification-counter.js';
import { createGroupCommit } from '../core/group-commit.js';

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
  /** Messages per batch and how long the first waits for more (default 32, 0 ms). */
  batch?: { maxMessages: number; windowMs: number };
}

/** Messages per batch (WORKER_BATCH_MAX_MESSAGES); one is the unbatched worker. */
export const DEFAULT_BATCH_MAX_MESSAGES = 32;

export function createMessageProcessor(deps: WorkerDeps): MessageHandler {
  const processBatch = createBatchProcessor(deps);
  const submit = createGroupCommit<BatchJob, JobResult>({
    flush: processBatch,
    maxItems: deps.batch?.maxMessages ?? DEFAULT_BATCH_MAX_MESSAGES,
    // Raw bytes are loaded by the batch itself, not held while waiting.
    maxBytes: Number.POSITIVE_INFINITY,
    sizeOf: () => 0,
    windowMs: deps.batch?.windowMs ?? 0,
  });
  return async (spoolId, attempt) => {
    const result = await submit({ spoolId, attempt });
    if (result.error) throw result.error;
  };
}

interface BatchJob {
  spoolId: number;
  attempt: AttemptInfo;
}

/** A job's end: its error (rethrown to the queue) or nothing. */
interface JobResult {
  error?: unknown;
}

/** A message parsed and planned, waiting for the batch's transaction. */
interface PlannedMessage {
  job: BatchJob;
  spooled: SpooledMessage;
  parsed: Pick<ParsedMessage, 'kind' | 'parser' | 'unknownReason'>;
  effects: RecipientEffect[];
  unparseable: boolean;
  stopTimer: (labels: { outcome: string }) => void;
}

/** Processes a batch of jobs; resolves one result per job, in order, and never rejects. */
export function createBatchProcessor(
  deps: WorkerDeps,
): (jobs: readonly BatchJob[]) => Promise<JobResult[]> {
  const now = deps.now ?? (() => new Date());

  const fail = async (
    job: BatchJob,
    error: unknown,
    stopTimer: (labels: { outcome: string }) => void,
  ): Promise<JobResult> => {
    stopTimer({ outcome: 'failed' });
    workerMessages.inc({ outcome: 'failed' });
    if (isAppError(error) && error.code === 'WORKER_MESSAGE_MISSING') return { error };
    // Whatever failed (loading, planning, storing), the last attempt marks the row `failed`.
    // Should this write be refused too, the sweeper marks it once the queue gives up.
    const final = job.attempt.attempt >= job.attempt.maxAttempts;
    deps.health?.failed();
    await recordMessageFailure(deps.db, job.spoolId, describeError(error), final, now()).catch(
      () => undefined,
    );
    deps.logger.error({
      event: 'worker.message.failed',
      spoolId: job.spoolId,
      attempt: job.attempt.attempt,
      final,
      err: error,
    });
    return {
      error: new AppError('WORKER_STORE_FAILED', describeError(error), {
        retryable: !final,
        cause: error,
      }),
    };
  };

  /** One transaction for the planned messages; throws when any statement fails. */
  const commit = async (planned: readonly PlannedMessage[]): Promise<void> => {
    let doneAt = now();
    const stored = await withTransaction(deps.db, async (tx) => {
      const states = await lockMessageStates(
        tx,
        planned.map((p) => p.spooled.id),
      );
      // Another attempt (a requeue, a stalled job) stored these already.
      const open = planned.filter((p) => states.get(p.spooled.id) === 'received');
      if (open.length === 0) return { open, tallies: [], sightings: [] };
      const effects = await storeBatchEffects(
        tx,
        open.map((p) => ({ spoolId: p.spooled.id, effects: p.effects })),
        deps.outageGuard,
      );
      const applied =
        effects.toApply.length > 0
          ? await applyEventBatch(tx, effects.toApply, deps.policy)
          : undefined;
      doneAt = now();
      await markMessagesDone(tx, open.map(outcomeOf), doneAt);
      if (applied && open.length === 1) {
        // One message: its log line can say what the policy did.
        effects.tallies[0] = {
          ...effects.tallies[0],
          changed: applied.changed,
          unchanged: applied.unchanged,
        } as (typeof effects.tallies)[number];
      }
      return { open, tallies: effects.tallies, sightings: effects.sightings };
    });
    for (const sighting of stored.sightings) deps.counter?.count(sighting);
    const done = new Set(stored.open);
    stored.open.forEach((p, i) => {
      const outcome = p.unparseable ? 'unparseable' : 'processed';
      p.stopTimer({ outcome });
      workerMessages.inc({ outcome });
      deps.health?.succeeded();
      countDecisions(p.effects, p.spooled.receivedAt, doneAt);
      deps.logger.info({
        event: p.unparseable ? 'worker.message.unparseable' : 'worker.message.processed',
        spoolId: p.spooled.id,
        kind: p.parsed.kind,
        parser: p.parsed.parser,
        recipients: p.effects.length,
        batch: planned.length,
        ...(stored.tallies[i] as Record<RecordOutcome | 'changed' | 'unchanged', number>),
      });
    });
    for (const p of planned) if (!done.has(p)) deps.health?.succeeded();
    // After commit, in its own short transaction: a pause is about the domain, not a message.
    await deps.domainHealth?.check(
      stored.open.flatMap((p) =>
        p.effects
          .filter((e) => e.channel === 'email' && (e.kind === 'bounce' || e.kind === 'delivered'))
          .map((e) => e.domain),
      ),
    );
  };

  return async (jobs) => {
    const results = new Map<BatchJob, JobResult>();
    const timers = new Map(jobs.map((job) => [job, workerMessageDuration.startTimer()]));
    const timerOf = (job: BatchJob) => timers.get(job)!;
    let loaded: SpooledMessage[];
    try {
      loaded = await loadSpooledMessages(
        deps.db,
        jobs.map((job) => job.spoolId),
      );
    } catch (error) {
      return Promise.all(jobs.map((job) => fail(job, error, timerOf(job))));
    }
    const byId = new Map(loaded.map((message) => [message.id, message]));
    const planned = await Promise.all(
      jobs.map(async (job): Promise<PlannedMessage | undefined> => {
        const spooled = byId.get(job.spoolId);
        if (!spooled) {
          const missing = new AppError(
            'WORKER_MESSAGE_MISSING',
            `spool row ${job.spoolId} not found`,
          );
          results.set(job, await fail(job, missing, timerOf(job)));
          return undefined;
        }
        if (spooled.state !== 'received') {
          deps.health?.succeeded();
          results.set(job, {});
          return undefined;
        }
        try {
          const final = job.attempt.attempt >= job.attempt.maxAttempts;
          return {
            job,
            spooled,
            stopTimer: timerOf(job),
            ...(await planMessage(deps, spooled, final)),
          };
        } catch (error) {
          results.set(job, await fail(job, error, timerOf(job)));
          return undefined;
        }
      }),
    );
    const ready = planned.filter((p): p is PlannedMessage => p !== undefined);
    if (ready.length > 0) {
      try {
        await commit(ready);
        for (const p of ready) results.set(p.job, {});
      } catch (error) {
        if (ready.length === 1)
          results.set(ready[0]!.job, await fail(ready[0]!.job, error, ready[0]!.stopTimer));
        else {
          // Split: each message alone, so one that cannot be stored holds back no other.
          deps.logger.warn({ event: 'worker.batch.split', messages: ready.length, err: error });
          for (const p of ready) {
            try {
              await commit([p]);
              results.set(p.job, {});
            } catch (single) {
              results.set(p.job, await fail(p.job, single, p.stopTimer));
            }
          }
        }
      }
    }
    return jobs.map((job) => results.get(job) ?? {});
  };
}

function outcomeOf(p: PlannedMessage): MessageOutcome {
  return p.unparseable
    ? {
        id: p.spooled.id,
        state: 'unparseable',
        kind: p.parsed.kind,
        error: p.parsed.unknownReason ?? 'no recipient found',
      }
    : { id: p.spooled.id, state: 'processed', kind: p.parsed.kind };
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
