/**
 * rule_set_versions: one row per rule-set version a sync applied. The summary keeps what the
 * sync changed, the set's header (name, channel, version, smsc extractors: what the rules
 * table does not hold) and the source's ETag for the next conditional fetch.
 */
import { desc, eq, max } from 'drizzle-orm';
import type { Database } from './database.js';
import { ruleSetVersions } from './schema.js';
import type { RuleSetData } from '../qualify/index.js';

/** A rule set without its rules. */
export type RuleSetHeader = Omit<RuleSetData, 'rules'>;

export interface RuleSetVersionSummary {
  header: RuleSetHeader;
  etag?: string;
  added: string[];
  updated: string[];
  retired: string[];
  promoted: string[];
  conflicts: Array<{ id: string; why: string }>;
  unchanged: number;
  actor: string;
}

export interface RuleSetVersionRecord {
  id: number;
  ruleSet: string;
  version: string;
  source: string;
  summary: RuleSetVersionSummary;
  appliedAt: Date;
}

export async function insertRuleSetVersion(
  db: Database,
  entry: {
    ruleSet: string;
    version: string;
    source: string;
    summary: RuleSetVersionSummary;
    at: Date;
  },
): Promise<void> {
  await db.insert(ruleSetVersions).values({
    ruleSet: entry.ruleSet,
    version: entry.version,
    source: entry.source,
    summary: entry.summary as unknown as Record<string, unknown>,
    appliedAt: entry.at,
  });
}

/** The newest applied version of every set, by set name. */
export async function latestRuleSetVersions(
  db: Database,
): Promise<Map<string, RuleSetVersionRecord>> {
  const rows = await db.select().from(ruleSetVersions).orderBy(desc(ruleSetVersions.id));
  const latest = new Map<string, RuleSetVersionRecord>();
  for (const row of rows) {
    if (latest.has(row.ruleSet)) continue;
    latest.set(row.ruleSet, {
      id: row.id,
      ruleSet: row.ruleSet,
      version: row.version,
      source: row.source,
      summary: row.summary as unknown as RuleSetVersionSummary,
      appliedAt: row.appliedAt,
    });
  }
  return latest;
}

/** The ETag remembered for a source URL (from the newest version applied from it). */
export async function lastEtagOf(db: Database, source: string): Promise<string | undefined> {
  const rows = await db
    .select({ summary: ruleSetVersions.summary })
    .from(ruleSetVersions)
    .where(eq(ruleSetVersions.source, source))
    .orderBy(desc(ruleSetVersions.id))
    .limit(1);
  const etag = (rows[0]?.summary as { etag?: unknown } | undefined)?.etag;
  return typeof etag === 'string' ? etag : undefined;
}

/** The newest version id: part of the fingerprint other processes poll. */
export async function newestRuleSetVersionId(db: Database): Promise<number> {
  const rows = await db.select({ id: max(ruleSetVersions.id) }).from(ruleSetVersions);
  return Number(rows[0]?.id ?? 0);
}
