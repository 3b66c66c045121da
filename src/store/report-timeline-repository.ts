/**
 * Bounces and complaints over time: counts per time bucket (hour or day, UTC) split by one
 * dimension — kind, failure type, reason or recipient domain (the top domains, the rest as
 * "(other)"). What counts is what the non-deliverables report counts as a failure, plus
 * complaints; staff edits and cleanups are not mail that came back.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';

export const TIMELINE_DIMENSIONS = ['kind', 'type', 'reason', 'domain'] as const;
export type TimelineDimension = (typeof TIMELINE_DIMENSIONS)[number];
export const TIMELINE_BUCKETS = ['hour', 'day'] as const;
export type TimelineBucket = (typeof TIMELINE_BUCKETS)[number];

export interface TimelineQuery {
  from: Date;
  to: Date;
  by: TimelineDimension;
  bucket: TimelineBucket;
  /** How many domains get their own series (by=domain). */
  top: number;
}

export interface Timeline {
  from: string;
  to: string;
  by: TimelineDimension;
  bucket: TimelineBucket;
  /** Start of each bucket, ISO, oldest first; every bucket of the period, empty ones too. */
  buckets: string[];
  /** One series per key, largest total first; counts[i] belongs to buckets[i]. */
  series: Array<{ key: string; total: number; counts: number[] }>;
  total: number;
}

/** The domains beyond the top ones, as one series. */
export const OTHER_DOMAINS = '(other)';

const COUNTED = sql`(e.failure_type is not null or e.kind = 'complaint') and e.kind not in ('manual', 'cleanup')`;

const BUCKET_MS: Record<TimelineBucket, number> = { hour: 3_600_000, day: 86_400_000 };

export async function reportTimeline(db: Database, query: TimelineQuery): Promise<Timeline> {
  const from = sql`${query.from.toISOString()}::timestamptz`;
  const to = sql`${query.to.toISOString()}::timestamptz`;
  const where = sql`e.event_time >= ${from} and e.event_time < ${to} and ${COUNTED}`;
  const key = await keyExpression(db, query, where);
  const rows = await queryRows<{ bucket: string | Date; key: string | null; n: number }>(
    db,
    sql`select date_trunc(${query.bucket}, e.event_time, 'UTC') as bucket, ${key} as key, count(*)::int as n
        from delivery_events e where ${where} group by 1, 2`,
  );
  const buckets = bucketStarts(query.from, query.to, query.bucket);
  const index = new Map(buckets.map((start, i) => [start, i]));
  const series = new Map<string, number[]>();
  for (const row of rows) {
    const start = (row.bucket instanceof Date ? row.bucket : new Date(row.bucket)).toISOString();
    const i = index.get(start);
    if (i === undefined) continue;
    const name = row.key ?? 'none';
    const counts = series.get(name) ?? new Array<number>(buckets.length).fill(0);
    counts[i] = (counts[i] ?? 0) + Number(row.n);
    series.set(name, counts);
  }
  const list = [...series]
    .map(([name, counts]) => ({ key: name, total: counts.reduce((a, b) => a + b, 0), counts }))
    .sort(
      (a, b) =>
        Number(a.key === OTHER_DOMAINS) - Number(b.key === OTHER_DOMAINS) ||
        b.total - a.total ||
        a.key.localeCompare(b.key),
    );
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    by: query.by,
    bucket: query.bucket,
    buckets,
    series: list,
    total: list.reduce((sum, s) => sum + s.total, 0),
  };
}

/** How many buckets a period has (the route refuses periods with too many). */
export function bucketCount(from: Date, to: Date, bucket: TimelineBucket): number {
  return bucketStarts(from, to, bucket).length;
}

async function keyExpression(db: Database, query: TimelineQuery, where: SQL): Promise<SQL> {
  switch (query.by) {
    case 'kind':
      return sql`e.kind`;
    case 'type':
      // A complaint has no failure type: it denylists, so it is its own line.
      return sql`coalesce(e.failure_type, e.kind)`;
    case 'reason':
      return sql`coalesce(e.reason, 'none')`;
    case 'domain': {
      const top = await queryRows<{ domain: string }>(
        db,
        sql`select e.domain from delivery_events e where ${where} and e.domain <> ''
            group by e.domain order by count(*) desc, e.domain limit ${query.top}`,
      );
      if (top.length === 0) return sql`${OTHER_DOMAINS}::text`;
      const names = sql.join(
        top.map((t) => sql`${t.domain}`),
        sql`, `,
      );
      return sql`case when e.domain in (${names}) then e.domain else ${OTHER_DOMAINS} end`;
    }
  }
}

/** UTC starts of the buckets that overlap [from, to). */
function bucketStarts(from: Date, to: Date, bucket: TimelineBucket): string[] {
  const step = BUCKET_MS[bucket];
  const first = Math.floor(from.getTime() / step) * step;
  const starts: string[] = [];
  for (let t = first; t < to.getTime(); t += step) starts.push(new Date(t).toISOString());
  return starts;
}
