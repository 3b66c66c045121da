import type { ImapMessageClass } from '../intake/imap/index.js';
import type { ParsedMessage } from '../parse/index.js';
import { BUDGET_EXCEEDED } from '../parse-pool/index.js';

/**
 * What the IMAP poller hands over from a drained mailbox: anything the parser recognises
 * (bounce, complaint, auto-reply, delivery report, unsubscribe) is a report. Mail that no
 * reader recognised is a person's, set aside per the URL's `nonBounce`. A message a reader
 * recognised but could not take a recipient from (kind `unknown` with a `parser`) is still a
 * report: it is stored and shown to staff rather than left behind — as is one whose parse
 * ran out of budget (no `parser`, but never a person's mail left in the mailbox unread).
 */
export function createMailboxClassifier(
  parse: (raw: Buffer) => Promise<ParsedMessage>,
): (raw: Buffer) => Promise<ImapMessageClass> {
  return async (raw) => {
    const parsed = await parse(raw);
    if (parsed.unknownReason === BUDGET_EXCEEDED) return 'report';
    return parsed.kind === 'unknown' && parsed.parser === undefined ? 'other' : 'report';
  };
}
