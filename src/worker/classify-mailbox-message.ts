import type { ImapMessageClass } from '../intake/imap/index.js';
import { parseMessage } from '../parse/index.js';

/**
 * What the IMAP poller hands over from a drained mailbox: anything the parser recognises
 * (bounce, complaint, auto-reply, delivery report, unsubscribe) is a report. Mail that no
 * reader recognised is a person's, set aside per the URL's `nonBounce`. A message a reader
 * recognised but could not take a recipient from (kind `unknown` with a `parser`) is still a
 * report: it is stored and shown to staff rather than left behind.
 */
export async function classifyMailboxMessage(raw: Buffer): Promise<ImapMessageClass> {
  const parsed = await parseMessage(raw);
  return parsed.kind === 'unknown' && parsed.parser === undefined ? 'other' : 'report';
}
