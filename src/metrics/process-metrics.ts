/**
 * Every metric this process counts as things happen, on one registry. Events are counted
 * where they happen, so each process shows its own: in the split production shape a worker
 * process's decisions are on that process's listener (METRICS_PORT), not the API's. Gauges
 * read from the database and the queue at scrape time are in scrape-gauges.ts.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'rebound_' });

const registers = [processRegistry];

export const smtpSessions = new Counter({
  name: 'rebound_smtp_sessions_total',
  help: 'SMTP connections opened (refused ones included).',
  registers,
});

export const smtpSessionsOpen = new Gauge({
  name: 'rebound_smtp_sessions_open',
  help: 'SMTP sessions admitted and not yet closed.',
  registers,
});

export const smtpReplies = new Counter({
  name: 'rebound_smtp_replies_total',
  help: "Replies Rebound's hooks gave, by SMTP code (250 for a stored message; protocol replies of smtp-server itself are not counted).",
  labelNames: ['code'] as const,
  registers,
});

export const messagesAccepted = new Counter({
  name: 'rebound_messages_accepted_total',
  help: 'Messages stored in the spool and queued, by intake source (smtp, imap, http).',
  labelNames: ['source'] as const,
  registers,
});

export const messagesDuplicate = new Counter({
  name: 'rebound_messages_duplicate_total',
  help: 'Messages whose bytes were already in the spool, by intake source.',
  labelNames: ['source'] as const,
  registers,
});

export const workerMessages = new Counter({
  name: 'rebound_worker_messages_total',
  help: 'Message attempts the worker finished, by outcome (processed, unparseable, failed: an attempt that threw).',
  labelNames: ['outcome'] as const,
  registers,
});

export const workerMessageDuration = new Histogram({
  name: 'rebound_worker_message_duration_seconds',
  help: "One message's processing: load, parse, qualify, policy and the stored batch.",
  labelNames: ['outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const workerMessageLatency = new Histogram({
  name: 'rebound_worker_message_latency_seconds',
  help: 'From receipt (spool row received_at) to the processed state being stored.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  registers,
});

export const decisions = new Counter({
  name: 'rebound_decisions_total',
  help: 'Qualified recipient events stored, by failure type (hard, soft, ignored) and reason.',
  labelNames: ['type', 'reason'] as const,
  registers,
});

export const ruleHits = new Counter({
  name: 'rebound_rule_hits_total',
  help: 'Qualified recipient events by the rule that matched (none: the text waits for staff).',
  labelNames: ['rule_id'] as const,
  registers,
});

export const nightlyTaskRuns = new Counter({
  name: 'rebound_nightly_task_runs_total',
  help: 'Nightly task runs by task and outcome (ok, failed).',
  labelNames: ['task', 'outcome'] as const,
  registers,
});

export const nightlyTaskDuration = new Histogram({
  name: 'rebound_nightly_task_duration_seconds',
  help: 'How long each nightly task ran.',
  labelNames: ['task'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers,
});

export const nightlyTaskLastRun = new Gauge({
  name: 'rebound_nightly_task_last_run_timestamp_seconds',
  help: 'When each nightly task last finished, by outcome (Unix time).',
  labelNames: ['task', 'outcome'] as const,
  registers,
});

/** When each IMAP mailbox (credential-free URL) was last drained to the end. */
const mailboxDrainedAt = new Map<string, number>();

new Gauge({
  name: 'rebound_imap_mailbox_lag_seconds',
  help: 'Seconds since each IMAP mailbox was last drained to the end (grows while its poller is disconnected or stuck).',
  labelNames: ['mailbox'] as const,
  registers,
  collect() {
    this.reset();
    const now = Date.now();
    for (const [mailbox, at] of mailboxDrainedAt) this.set({ mailbox }, (now - at) / 1000);
  },
});

/** Called when a mailbox has been drained to its end (the lag restarts from zero). */
export function markMailboxDrained(mailbox: string, at = Date.now()): void {
  mailboxDrainedAt.set(mailbox, at);
}
