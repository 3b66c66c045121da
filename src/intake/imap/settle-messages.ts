import type { ImapFlow } from 'imapflow';
import type { ImapMailboxConfig } from './parse-imap-url.js';
import { toUidSet } from './uid-set.js';

/**
 * Marks handed-over messages as done, per `action`. Runs only after acceptMessage resolved for
 * every UID given, so the mailbox never shows as processed what the spool does not hold.
 * \Seen is set before the move so a person looking at the processed folder sees them read.
 */
export async function settleMessages(
  client: ImapFlow,
  config: ImapMailboxConfig,
  uids: readonly number[],
): Promise<void> {
  if (uids.length === 0) return;
  const set = toUidSet(uids);
  switch (config.action) {
    case 'flag':
      await client.messageFlagsAdd(set, ['\\Seen'], { uid: true });
      return;
    case 'move':
      await client.messageFlagsAdd(set, ['\\Seen'], { uid: true });
      await client.messageMove(set, config.processedFolder, { uid: true });
      return;
    case 'delete':
      // imapflow sets \Deleted and runs UID EXPUNGE (UIDPLUS), so other \Deleted mail stays.
      await client.messageDelete(set, { uid: true });
      return;
  }
}
