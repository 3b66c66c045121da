/** Who changed what: staff edits of address entries (and bulk releases), before and after. */
import { desc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { changeAudit } from './schema.js';

export interface ChangeAuditEntry {
  /** `address`, `address_release`, … */
  entity: string;
  entityId: string;
  /** `create`, `update`, `delete`, `bulk_release` */
  action: string;
  actor: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

export async function insertChangeAudit(db: Database, entry: ChangeAuditEntry): Promise<void> {
  await insertChangeAudits(db, [entry]);
}

/** Rows per multi-row insert (a rule sync can add hundreds of rules at once). */
const CHUNK = 500;

export async function insertChangeAudits(
  db: Database,
  entries: readonly ChangeAuditEntry[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    await db.insert(changeAudit).values(
      entries.slice(i, i + CHUNK).map((entry) => ({
        entity: entry.entity,
        entityId: entry.entityId,
        action: entry.action,
        actor: entry.actor,
        before: entry.before ?? null,
        after: entry.after ?? null,
        at: entry.at,
      })),
    );
  }
}

/** The change_audit id of one address entry. */
export function addressEntityId(channel: string, address: string): string {
  return `${channel}:${address}`;
}

export interface ChangeAuditRecord extends ChangeAuditEntry {
  id: number;
}

/** The newest changes of one entity kind (`rule`), newest first. */
export async function listRecentChanges(
  db: Database,
  entity: string,
  limit: number,
): Promise<ChangeAuditRecord[]> {
  const rows = await db
    .select()
    .from(changeAudit)
    .where(eq(changeAudit.entity, entity))
    .orderBy(desc(changeAudit.at), desc(changeAudit.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    entity: row.entity,
    entityId: row.entityId,
    action: row.action,
    actor: row.actor,
    before: row.before,
    after: row.after,
    at: row.at,
  }));
}
