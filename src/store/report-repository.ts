/**
 * The non-deliverables report: what failed in a period (optionally for one delivery), by
 * type, reason, current address status and recipient domain, and which addresses entered
 * Quarantine in the period. Sender-side refusals (Ignored) count too: they are how staff see
 * a blocklisting by a domain.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';

export interface ReportPeriod {
  from: Date;
  to: Date;
  deliveryId?: string;
}

export interface DomainRate {
  domain: string;
  events: number;
  failures: number;
  /** Sends the sending system recorded (sender events: delivered, failed, sync-error). */
  sends: number;
  /** failures / sends for the domain in the period; null without recorded sends. */
  errorRate: number | null;
}

export interface NonDeliverablesReport {
  from: string;
  to: string;
  deliveryId: string | null;
  events: number;
  failures: number;
  byType: Record<string, number>;
  byReason: Record<string, number>;
  /** Current status of the addresses that failed in the period. */
  byStatus: Record<string, number>;
  topDomains: DomainRate[];
  quarantined: {
    count: number;
    sample: Array<{ channel: string; address: string; reason: string | null; at: string }>;
  };
}

const TOP_DOMAINS = 20;
const QUARANTINE_SAMPLE = 100;

/** Failures are events with a failure type: bounces, sender-reported failures and sync errors. */
const IS_FAILURE = sql`e.failure_type is not null`;

export async function nonDeliverablesReport(
  db: Database,
  period: ReportPeriod,
): Promise<NonDeliverablesReport> {
  // Dates travel as ISO text with a cast: postgres-js cannot type a bare Date in raw SQL.
  const from = sql`${period.from.toISOString()}::timestamptz`;
  const to = sql`${period.to.toISOString()}::timestamptz`;
  const where: SQL = period.deliveryId
    ? sql`e.event_time >= ${from} and e.event_time < ${to} and e.delivery_id = ${period.deliveryId}`
    : sql`e.event_time >= ${from} and e.event_time < ${to}`;
  const totals = await queryRows<{ events: number; failures: number }>(
    db,
    sql`select count(*)::int as events, count(*) filter (where ${IS_FAILURE})::int as failures
        from delivery_events e where ${where} and e.kind not in ('manual', 'cleanup')`,
  );
  const byType = await groupCount(db, sql`e.failure_type`, sql`${where} and ${IS_FAILURE}`);
  const byReason = await groupCount(db, sql`e.reason`, sql`${where} and ${IS_FAILURE}`);
  const statusRows = await queryRows<{ key: string; n: number }>(
    db,
    sql`select a.status as key, count(*)::int as n from addresses a
        where exists (select 1 from delivery_events e
                      where e.address = a.address and e.channel = a.channel and ${where} and ${IS_FAILURE})
        group by a.status`,
  );
  const domains = await queryRows<{
    domain: string;
    events: number;
    failures: number;
    sends: number;
  }>(
    db,
    sql`select e.domain, count(*)::int as events, count(*) filter (where ${IS_FAILURE})::int as failures,
          count(*) filter (where e.message_id is null and e.kind in ('delivered', 'failed', 'sync-error'))::int as sends
        from delivery_events e where ${where} and e.domain <> '' and e.kind not in ('manual', 'cleanup')
        group by e.domain order by failures desc, events desc, e.domain limit ${TOP_DOMAINS}`,
  );
  const quarantined = await quarantinedInPeriod(db, period);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    deliveryId: period.deliveryId ?? null,
    events: Number(totals[0]?.events ?? 0),
    failures: Number(totals[0]?.failures ?? 0),
    byType,
    byReason,
    byStatus: Object.fromEntries(statusRows.map((r) => [r.key, Number(r.n)])),
    topDomains: domains.map((d) => ({
      domain: d.domain,
      events: Number(d.events),
      failures: Number(d.failures),
      sends: Number(d.sends),
      // Against the sends, not the events: a bouncing domain's events are mostly its bounces.
      errorRate: Number(d.sends) > 0 ? Number(d.failures) / Number(d.sends) : null,
    })),
    quarantined,
  };
}

async function groupCount(db: Database, column: SQL, where: SQL): Promise<Record<string, number>> {
  const rows = await queryRows<{ key: string | null; n: number }>(
    db,
    sql`select ${column} as key, count(*)::int as n from delivery_events e where ${where} group by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.key ?? 'none', Number(r.n)]));
}

/**
 * Addresses that entered Quarantine in the period (address_history). With a delivery id, only
 * those whose quarantining event belonged to that delivery.
 */
async function quarantinedInPeriod(
  db: Database,
  period: ReportPeriod,
): Promise<NonDeliverablesReport['quarantined']> {
  const delivery = period.deliveryId
    ? sql`and exists (select 1 from delivery_events e where e.id = h.event_id and e.delivery_id = ${period.deliveryId})`
    : sql``;
  const base = sql`from address_history h
      where h.to_status = 'quarantine' and (h.from_status is distinct from 'quarantine')
        and h.at >= ${period.from.toISOString()}::timestamptz and h.at < ${period.to.toISOString()}::timestamptz ${delivery}`;
  const count = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct (h.channel, h.address))::int as n ${base}`,
  );
  const sample = await queryRows<{
    channel: string;
    address: string;
    reason: string | null;
    at: string | Date;
  }>(
    db,
    sql`select h.channel, h.address, h.reason, h.at ${base} order by h.at, h.id limit ${QUARANTINE_SAMPLE}`,
  );
  return {
    count: Number(count[0]?.n ?? 0),
    sample: sample.map((r) => ({
      channel: r.channel,
      address: r.address,
      reason: r.reason,
      at: (r.at instanceof Date ? r.at : new Date(r.at)).toISOString(),
    })),
  };
}
