/** IMAP UID checkpoints in the database, so a restarted poller resumes where it stopped. */
import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { imapCheckpoints } from './schema.js';
import type { ImapCheckpoint, ImapCheckpointStore } from '../intake/imap/checkpoint-store.js';

export function createDbCheckpointStore(db: Database): ImapCheckpointStore {
  return {
    async get(key) {
      const rows = await db.select().from(imapCheckpoints).where(eq(imapCheckpoints.mailbox, key));
      const row = rows[0];
      return row ? { uidValidity: String(row.uidValidity), lastUid: row.lastUid } : undefined;
    },
    async set(key, checkpoint: ImapCheckpoint) {
      const values = {
        uidValidity: Number(checkpoint.uidValidity),
        lastUid: checkpoint.lastUid,
        updatedAt: new Date(),
      };
      await db
        .insert(imapCheckpoints)
        .values({ mailbox: key, ...values })
        .onConflictDoUpdate({ target: imapCheckpoints.mailbox, set: values });
    },
  };
}
