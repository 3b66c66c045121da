import type { ImapFlow } from 'imapflow';
import type { ImapMailboxConfig } from './parse-imap-url.js';
import { toUidSet } from './uid-set.js';

/**
 * Keyword set on a message acceptMessage refused for good (a non-retryable AppError, e.g. too
 * large): it stays in the mailbox, unread, for a person to look at, and no longer blocks the
 * messages behind it.
 */
export const REFUSED_KEYWORD = '$ReboundRefused';

/**
 * Keyword set on a message the classifier called `other` (a person's mail, not a report). It
 * tells a person why the message was skipped, and under `nonBounce=leave` keeps the pass that
 * settles leftovers from ever treating it as handed over.
 */
export const NOT_BOUNCE_KEYWORD = '$ReboundNotBounce';

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

/**
 * Sets aside mail that is not a report, per `nonBounce`: marked with {@link NOT_BOUNCE_KEYWORD}
 * and, for `move:<folder>`, moved there. Never \Seen (nobody has read it) and never deleted:
 * it is a person's mail, not ours to dispose of. A server without custom keywords drops the
 * keyword silently (imapflow checks PERMANENTFLAGS); the message is then only moved or left.
 */
export async function setAsideMessages(
  client: ImapFlow,
  config: ImapMailboxConfig,
  uids: readonly number[],
): Promise<void> {
  if (uids.length === 0) return;
  const set = toUidSet(uids);
  await client.messageFlagsAdd(set, [NOT_BOUNCE_KEYWORD], { uid: true });
  if (config.nonBounce.action === 'move') {
    await client.messageMove(set, config.nonBounce.folder, { uid: true });
  }
}
