/**
 * The rules table: shipped rules synced from rule sets, and staff rules. A row keeps the whole
 * validated rule as `definition`; `enabled` and `priority` are copies for queries.
 */
import { asc, count, eq, inArray, max } from 'drizzle-orm';
import type { Database } from './database.js';
import { rules } from './schema.js';
import type { RuleData, StoredRule } from '../qualify/index.js';

export type RuleRow = typeof rules.$inferSelect;

/** A stored rule with its bookkeeping columns. */
export interface RuleRecord extends StoredRule {
  createdAt: Date;
  updatedAt: Date;
  updatedBy?: string;
}

export function rowToRule(row: RuleRow): RuleRecord {
  return {
    id: row.id,
    ruleSet: row.ruleSet,
    origin: row.origin === 'staff' ? 'staff' : 'shipped',
    editedByStaff: row.editedByStaff,
    ...(row.ruleSetVersion ? { shippedVersion: row.ruleSetVersion } : {}),
    data: row.definition as unknown as RuleData,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.updatedBy ? { updatedBy: row.updatedBy } : {}),
  };
}

/** Every rule (of one set when given), in set, priority (highest first) and id order. */
export async function listRules(db: Database, ruleSet?: string): Promise<RuleRecord[]> {
  const query = db.select().from(rules);
  const rows = await (ruleSet ? query.where(eq(rules.ruleSet, ruleSet)) : query).orderBy(
    asc(rules.ruleSet),
    asc(rules.id),
  );
  return rows
    .map(rowToRule)
    .sort(
      (a, b) =>
        a.ruleSet.localeCompare(b.ruleSet) ||
        b.data.priority - a.data.priority ||
        a.id.localeCompare(b.id),
    );
}

export async function findRule(db: Database, id: string): Promise<RuleRecord | undefined> {
  const rows = await db.select().from(rules).where(eq(rules.id, id));
  return rows[0] ? rowToRule(rows[0]) : undefined;
}

/** Inserts or replaces rules, stamped with `at` and `actor`. */
export async function upsertRules(
  db: Database,
  items: readonly StoredRule[],
  stamp: { at: Date; actor: string },
): Promise<void> {
  for (const rule of items) {
    const values = {
      id: rule.id,
      ruleSet: rule.ruleSet,
      origin: rule.origin,
      editedByStaff: rule.editedByStaff,
      enabled: rule.data.enabled,
      priority: rule.data.priority,
      definition: rule.data as unknown as Record<string, unknown>,
      ruleSetVersion: rule.shippedVersion ?? null,
      updatedAt: stamp.at,
      updatedBy: stamp.actor,
    };
    const { id: _id, ...set } = values;
    await db
      .insert(rules)
      .values({ ...values, createdAt: stamp.at })
      .onConflictDoUpdate({ target: rules.id, set });
  }
}

export async function deleteRules(db: Database, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .delete(rules)
    .where(inArray(rules.id, [...ids]))
    .returning({ id: rules.id });
  return rows.length;
}

/**
 * A cheap fingerprint of the whole table: any insert, update or delete changes the count or
 * the newest `updated_at`. Processes poll it to notice another process's rule change.
 */
export async function rulesFingerprint(db: Database): Promise<string> {
  const rows = await db.select({ n: count(), newest: max(rules.updatedAt) }).from(rules);
  const row = rows[0];
  return `${row?.n ?? 0}@${row?.newest ? new Date(row.newest).toISOString() : '-'}`;
}
