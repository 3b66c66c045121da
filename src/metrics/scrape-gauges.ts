/**
 * The gauges read at scrape time from what every process shares — the database and the queue —
 * so the API process reports them right whichever processes run the workers. Built afresh on
 * each scrape, on a registry of their own, and merged with this process's event counters.
 */
import { Gauge, Registry } from 'prom-client';
import type { Database } from '../store/database.js';
import { readOperationalCounts, type OperationalCounts } from '../store/metrics-repository.js';
import type { QueueCounts } from '../queue/message-queue.js';
import type { ReadinessVerdict } from '../api/readiness.js';

export interface ScrapeSources {
  db: Database;
  queueCounts(): Promise<QueueCounts>;
  readiness(): Promise<ReadinessVerdict>;
  now?: () => Date;
}

const SPOOL_STATES = ['received', 'processed', 'unparseable', 'failed'] as const;
const HOLD_KINDS = ['outage', 'unsigned_bounce'] as const;

export async function collectScrapeGauges(sources: ScrapeSources): Promise<Registry> {
  const registry = new Registry();
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  const now = (sources.now ?? (() => new Date()))().getTime();

  const databaseUp = gauge('rebound_database_up', '1 when the database answered this scrape.');
  try {
    setDatabaseGauges(gauge, await readOperationalCounts(sources.db, new Date(now)), now);
    databaseUp.set(1);
  } catch {
    databaseUp.set(0);
  }

  const jobs = gauge('rebound_queue_jobs', 'Queue jobs by state.', ['state']);
  const queueUp = gauge('rebound_queue_up', '1 when the queue answered this scrape.');
  try {
    const queue = await sources.queueCounts();
    for (const [state, n] of Object.entries(queue)) jobs.set({ state }, n);
    queueUp.set(1);
  } catch {
    queueUp.set(0);
  }

  const verdict = await sources.readiness();
  gauge('rebound_ready', 'The /readyz verdict: 1 ready, 0 not ready.').set(verdict.ready ? 1 : 0);
  const checks = gauge('rebound_readiness_check', 'Each /readyz check: 1 ok, 0 failing.', [
    'check',
  ]);
  for (const [check, result] of Object.entries(verdict.checks))
    checks.set({ check }, result === 'ok' ? 1 : 0);
  return registry;
}

type GaugeMaker = <L extends string>(
  name: string,
  help: string,
  labelNames?: readonly L[],
) => Gauge<L>;

function setDatabaseGauges(gauge: GaugeMaker, counts: OperationalCounts, now: number): void {
  const spool = gauge('rebound_spool_messages', 'Spool rows by state.', ['state']);
  for (const state of SPOOL_STATES) spool.set({ state }, counts.spoolByState[state] ?? 0);
  gauge(
    'rebound_spool_oldest_received_age_seconds',
    'Age of the oldest spool row still received (0: none waits).',
  ).set(
    counts.oldestReceivedAt ? Math.max(0, (now - counts.oldestReceivedAt.getTime()) / 1000) : 0,
  );
  gauge('rebound_qualifications_to_qualify', 'Error texts no rule matched, waiting for staff.').set(
    counts.toQualify,
  );
  const holds = gauge('rebound_holds_open', 'Holds waiting for a staff decision, by kind.', [
    'kind',
  ]);
  for (const kind of HOLD_KINDS) holds.set({ kind }, counts.openHolds[kind] ?? 0);
  const lagRows = gauge(
    'rebound_webhook_outbox_lag_rows',
    'Status changes not yet delivered, by webhook.',
    ['webhook'],
  );
  const lagSeconds = gauge(
    'rebound_webhook_outbox_lag_seconds',
    'Age of the oldest status change not yet delivered, by webhook (0: caught up).',
    ['webhook'],
  );
  gauge('rebound_domains_paused', 'Recipient domains paused now by domain health.').set(
    counts.pausedDomains,
  );
  for (const cursor of counts.outbox) {
    lagRows.set({ webhook: cursor.name }, cursor.rows);
    lagSeconds.set(
      { webhook: cursor.name },
      cursor.oldestAt ? Math.max(0, (now - cursor.oldestAt.getTime()) / 1000) : 0,
    );
  }
}
