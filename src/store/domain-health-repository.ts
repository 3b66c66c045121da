/**
 * Domain health's reads and writes: one domain's sends and failures over a window (from
 * delivery_events), its pauses (domain_pauses) and its overrides (domain_health_settings).
 *
 * A send is an outcome the sender or a bounce reported: `delivered`, or a failure — a bounce,
 * a sender-reported `failed` or `sync-error` — with a failure type (Ignored included: a
 * sender-side refusal is what a blocked domain looks like). Forged and untrusted events never
 * count: a stranger cannot pause a domain.
 */
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';
import { domainHealthSettings, domainPauses } from './schema.js';
import type { DomainHealthOverride, DomainWindow } from '../quarantine/domain-pause.js';

export type DomainPauseRow = typeof domainPauses.$inferSelect;

/** The SQL of a failure among delivery_events rows aliased `e`. */
export const IS_SEND_FAILURE = sql`(e.kind in ('bounce', 'failed', 'sync-error') and e.failure_type is not null)`;
/** The SQL of a send (a delivery or a failure) among rows aliased `e`, trusted ones only. */
export const IS_SEND = sql`((e.kind = 'delivered' or ${IS_SEND_FAILURE}) and e.effect not in ('forged', 'untrusted'))`;

const DOMAIN_LOCK_NAMESPACE = 0x0d0e;

/**
 * Serializes the check-then-pause of these domains across workers: one statement for all
 * (a batch of sender events can name thousands), taken in sorted order so two never deadlock.
 */
export async function lockDomains(db: Database, domains: readonly string[]): Promise<void> {
  if (domains.length === 0) return;
  await db.execute(
    sql`select pg_advisory_xact_lock(${DOMAIN_LOCK_NAMESPACE}, hashtext(d))
        from (select distinct d from unnest(${sql.param([...domains])}::text[]) as u(d) order by d) s`,
  );
}

/** Sends and failures per domain with an event time in [from, to]. */
export async function countDomainWindows(
  db: Database,
  domains: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, DomainWindow>> {
  if (domains.length === 0) return new Map();
  const rows = await queryRows<{ domain: string; sends: number; failures: number }>(
    db,
    sql`select e.domain, count(*)::int as sends,
               count(*) filter (where ${IS_SEND_FAILURE})::int as failures
        from delivery_events e
        where e.domain = any(${sql.param([...domains])}::text[])
          and e.event_time >= ${from.toISOString()}::timestamptz
          and e.event_time <= ${to.toISOString()}::timestamptz
          and ${IS_SEND}
        group by e.domain`,
  );
  return new Map(
    rows.map((r) => [r.domain, { sends: Number(r.sends), failures: Number(r.failures) }]),
  );
}

/**
 * The pause running at `now` per domain (the one ending last). The domains travel as one
 * array parameter: the exclusion check asks for up to a chunk's worth (2,500) at once.
 */
export async function findActivePauses(
  db: Database,
  domains: readonly string[],
  now: Date,
): Promise<Map<string, DomainPauseRow>> {
  if (domains.length === 0) return new Map();
  const rows = await queryRows<{
    id: number;
    domain: string;
    started_at: string | Date;
    paused_until: string | Date;
    sends: number;
    failures: number;
    rate: number;
  }>(
    db,
    sql`select p.id, p.domain, p.started_at, p.paused_until, p.sends, p.failures, p.rate
        from domain_pauses p
        where p.paused_until > ${now.toISOString()}::timestamptz
          and p.domain = any(${sql.param([...new Set(domains)])}::text[])
        order by p.paused_until`,
  );
  const date = (value: string | Date) => (value instanceof Date ? value : new Date(value));
  return new Map(
    rows.map((r) => [
      r.domain,
      {
        id: Number(r.id),
        domain: r.domain,
        startedAt: date(r.started_at),
        pausedUntil: date(r.paused_until),
        sends: Number(r.sends),
        failures: Number(r.failures),
        rate: Number(r.rate),
      },
    ]),
  );
}

/** Every pause running at `now`, ending soonest first. */
export async function listActivePauses(db: Database, now: Date): Promise<DomainPauseRow[]> {
  return db
    .select()
    .from(domainPauses)
    .where(gt(domainPauses.pausedUntil, now))
    .orderBy(domainPauses.pausedUntil, domainPauses.domain);
}

/** The most recent pause of a domain, running or not. */
export async function latestPause(
  db: Database,
  domain: string,
): Promise<DomainPauseRow | undefined> {
  const rows = await db
    .select()
    .from(domainPauses)
    .where(eq(domainPauses.domain, domain))
    .orderBy(desc(domainPauses.startedAt), desc(domainPauses.id))
    .limit(1);
  return rows[0];
}

export async function insertPause(
  db: Database,
  pause: Omit<DomainPauseRow, 'id'>,
): Promise<DomainPauseRow> {
  const rows = await db.insert(domainPauses).values(pause).returning();
  return rows[0]!;
}

/** Ends a running pause now (staff resume); false when none ran. */
export async function endPauses(db: Database, domain: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(domainPauses)
    .set({ pausedUntil: now })
    .where(and(eq(domainPauses.domain, domain), gt(domainPauses.pausedUntil, now)))
    .returning({ id: domainPauses.id });
  return rows.length > 0;
}

/** The overrides of these domains. */
export async function findDomainOverrides(
  db: Database,
  domains: readonly string[],
): Promise<Map<string, DomainHealthOverride>> {
  if (domains.length === 0) return new Map();
  const rows = await db
    .select()
    .from(domainHealthSettings)
    .where(inArray(domainHealthSettings.domain, [...new Set(domains)]));
  return new Map(
    rows.map((row) => [
      row.domain,
      {
        minSample: row.minSample,
        threshold: row.threshold,
        windowMinutes: row.windowMinutes,
        pauseMinutes: row.pauseMinutes,
      },
    ]),
  );
}

export async function upsertDomainOverride(
  db: Database,
  domain: string,
  override: DomainHealthOverride,
  actor: string,
  at: Date,
): Promise<void> {
  const values = {
    minSample: override.minSample ?? null,
    threshold: override.threshold ?? null,
    windowMinutes: override.windowMinutes ?? null,
    pauseMinutes: override.pauseMinutes ?? null,
    updatedBy: actor,
    updatedAt: at,
  };
  await db
    .insert(domainHealthSettings)
    .values({ domain, ...values })
    .onConflictDoUpdate({ target: domainHealthSettings.domain, set: values });
}

export async function deleteDomainOverride(db: Database, domain: string): Promise<boolean> {
  const rows = await db
    .delete(domainHealthSettings)
    .where(eq(domainHealthSettings.domain, domain))
    .returning({ domain: domainHealthSettings.domain });
  return rows.length > 0;
}
