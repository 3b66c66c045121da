/**
 * Reports with rates: bounces and complaints per recipient domain or per delivery, against the
 * sends the sending system recorded (POST /api/events: `delivered`, `failed`, `sync-error`),
 * and the events of a period listed by kind.
 *
 * - sends: sender events (no spool message) of a delivery outcome;
 * - bounces: failures with a failure type — mail bounces, sender `failed` / `sync-error` —
 *   Ignored sender-side refusals included (they are how a blocklisting shows), forged and
 *   untrusted bounces not; `hardBounces` the Hard ones among them;
 * - complaints: applied (trusted) complaints.
 * A rate is null without sends: bounces alone say nothing about how many were sent.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';

export interface RatePeriod {
  from: Date;
  to: Date;
  channel?: string;
}

export interface RateRow {
  /** The domain or the delivery id. */
  key: string;
  sends: number;
  delivered: number;
  bounces: number;
  hardBounces: number;
  complaints: number;
  bounceRate: number | null;
  complaintRate: number | null;
}

export const RATE_GROUPS = ['domain', 'delivery'] as const;
export type RateGroup = (typeof RATE_GROUPS)[number];

const IS_SEND = sql`(e.message_id is null and e.kind in ('delivered', 'failed', 'sync-error'))`;
const IS_BOUNCE = sql`(e.kind in ('bounce', 'failed', 'sync-error') and e.failure_type is not null and e.effect not in ('forged', 'untrusted'))`;
const IS_COMPLAINT = sql`(e.kind = 'complaint' and e.effect = 'applied')`;

function periodWhere(period: RatePeriod): SQL {
  const base = sql`e.event_time >= ${period.from.toISOString()}::timestamptz
    and e.event_time < ${period.to.toISOString()}::timestamptz`;
  return period.channel ? sql`${base} and e.channel = ${period.channel}` : base;
}

/** One row per domain (or delivery id) with any send, bounce or complaint; most sends first. */
export async function rateReport(
  db: Database,
  period: RatePeriod,
  group: RateGroup,
  limit: number,
): Promise<RateRow[]> {
  const key = group === 'domain' ? sql`e.domain` : sql`e.delivery_id`;
  const present = group === 'domain' ? sql`e.domain <> ''` : sql`e.delivery_id is not null`;
  const rows = await queryRows<{
    key: string;
    sends: number;
    delivered: number;
    bounces: number;
    hard: number;
    complaints: number;
  }>(
    db,
    sql`select ${key} as key,
          count(*) filter (where ${IS_SEND})::int as sends,
          count(*) filter (where ${IS_SEND} and e.kind = 'delivered')::int as delivered,
          count(*) filter (where ${IS_BOUNCE})::int as bounces,
          count(*) filter (where ${IS_BOUNCE} and e.failure_type = 'hard')::int as hard,
          count(*) filter (where ${IS_COMPLAINT})::int as complaints
        from delivery_events e
        where ${periodWhere(period)} and ${present}
          and (${IS_SEND} or ${IS_BOUNCE} or ${IS_COMPLAINT})
        group by 1
        order by sends desc, bounces desc, 1
        limit ${limit}`,
  );
  return rows.map((r) => {
    const sends = Number(r.sends);
    return {
      key: r.key,
      sends,
      delivered: Number(r.delivered),
      bounces: Number(r.bounces),
      hardBounces: Number(r.hard),
      complaints: Number(r.complaints),
      bounceRate: sends > 0 ? Number(r.bounces) / sends : null,
      complaintRate: sends > 0 ? Number(r.complaints) / sends : null,
    };
  });
}

export interface EventListFilter extends RatePeriod {
  kinds?: readonly string[];
  domain?: string;
  deliveryId?: string;
  /** Keyset: events with a smaller id (newest first). */
  beforeId?: number;
  limit: number;
}

export interface ListedEvent {
  id: number;
  at: string;
  kind: string;
  channel: string;
  address: string;
  domain: string;
  deliveryId: string | null;
  category: string | null;
  status: string | null;
  replyCode: string | null;
  failureType: string | null;
  reason: string | null;
  effect: string;
  diagnostic: string | null;
}

/** Events of the period, newest first, by kind, domain and delivery. */
export async function listEvents(db: Database, filter: EventListFilter): Promise<ListedEvent[]> {
  const conditions: SQL[] = [periodWhere(filter)];
  if (filter.kinds && filter.kinds.length > 0)
    conditions.push(sql`e.kind = any(${sql.param([...filter.kinds])}::text[])`);
  if (filter.domain) conditions.push(sql`e.domain = ${filter.domain}`);
  if (filter.deliveryId) conditions.push(sql`e.delivery_id = ${filter.deliveryId}`);
  if (filter.beforeId !== undefined) conditions.push(sql`e.id < ${filter.beforeId}`);
  const rows = await queryRows<{
    id: number;
    event_time: string | Date;
    kind: string;
    channel: string;
    address: string;
    domain: string;
    delivery_id: string | null;
    category: string | null;
    status: string | null;
    reply_code: string | null;
    failure_type: string | null;
    reason: string | null;
    effect: string;
    diagnostic: string | null;
  }>(
    db,
    sql`select e.id, e.event_time, e.kind, e.channel, e.address, e.domain, e.delivery_id,
               e.category, e.status, e.reply_code, e.failure_type, e.reason, e.effect, e.diagnostic
        from delivery_events e
        where ${sql.join(conditions, sql` and `)}
        order by e.id desc
        limit ${filter.limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: (r.event_time instanceof Date ? r.event_time : new Date(r.event_time)).toISOString(),
    kind: r.kind,
    channel: r.channel,
    address: r.address,
    domain: r.domain,
    deliveryId: r.delivery_id,
    category: r.category,
    status: r.status,
    replyCode: r.reply_code,
    failureType: r.failure_type,
    reason: r.reason,
    effect: r.effect,
    diagnostic: r.diagnostic,
  }));
}
