/** change_audit rows in bulk (a sync can add hundreds of rules at once). */
import type { Database } from './database.js';
import { changeAudit } from './schema.js';
import type { ChangeAuditEntry } from './change-audit-repository.js';

const CHUNK = 500;

export async function insertChangeAudits(db: Database, entries: readonly ChangeAuditEntry[]): Promise<void> {
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
