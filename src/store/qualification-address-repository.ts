/**
 * The addresses one normalized text affects: every address with an event carrying the text
 * (delivery_events_text_idx), with its current entry, so staff see what a decision on the text
 * re-decides before they make it.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';

export interface TextAddress {
  address: string;
  channel: string;
  domain: string;
  /** Null when the address has no entry (its events were all ignored). */
  status: string | null;
  reason: string | null;
  updatedAt: Date | null;
  events: number;
  lastEventAt: Date;
}

export interface TextAddresses {
  total: number;
  domains: Array<{ domain: string; addresses: number }>;
  items: TextAddress[];
}

const TOP_DOMAINS = 20;

export async function listTextAddresses(
  db: Database,
  text: { channel: string; normalizedText: string },
  limit: number,
): Promise<TextAddresses> {
  const events = sql`from delivery_events e
      where e.channel = ${text.channel} and e.normalized_text = ${text.normalizedText}`;
  const total = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct e.address)::int as n ${events}`,
  );
  const domains = await queryRows<{ domain: string; n: number }>(
    db,
    sql`select e.domain, count(distinct e.address)::int as n ${events}
        group by e.domain order by n desc, e.domain limit ${TOP_DOMAINS}`,
  );
  const rows = await queryRows<{
    address: string;
    channel: string;
    domain: string;
    status: string | null;
    reason: string | null;
    updated_at: string | Date | null;
    events: number;
    last_event_at: string | Date;
  }>(
    db,
    sql`select t.address, t.channel, t.domain, a.status, a.reason, a.updated_at, t.events, t.last_event_at
        from (select e.address, e.channel, max(e.domain) as domain, count(*)::int as events,
                     max(e.event_time) as last_event_at ${events}
              group by e.address, e.channel) t
        left join addresses a on a.address = t.address and a.channel = t.channel
        order by t.last_event_at desc, t.address limit ${limit}`,
  );
  const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
  return {
    total: Number(total[0]?.n ?? 0),
    domains: domains.map((d) => ({ domain: d.domain, addresses: Number(d.n) })),
    items: rows.map((r) => ({
      address: r.address,
      channel: r.channel,
      domain: r.domain,
      status: r.status,
      reason: r.reason,
      updatedAt: r.updated_at === null ? null : asDate(r.updated_at),
      events: Number(r.events),
      lastEventAt: asDate(r.last_event_at),
    })),
  };
}
