import type { Logger } from 'pino';

/** `report`: a bounce, complaint or other automated report; `other`: a person's mail. */
export type ImapMessageClass = 'report' | 'other';

/**
 * Tells reports from other mail before the hand-off. Injected (the service builds it on the
 * parser) so the poller stays free of parser imports. Must be deterministic: the pass that
 * settles leftovers asks again and trusts the answer.
 */
export type ImapMessageClassifier = (raw: Buffer) => Promise<ImapMessageClass>;

/**
 * Asks the classifier; without one every message is a report, as before the classifier
 * existed. A classifier that throws counts as `report`: storing a person's mail costs a row,
 * leaving a report unprocessed costs a missed bounce.
 */
export async function classifyMessage(
  classify: ImapMessageClassifier | undefined,
  raw: Buffer,
  uid: number,
  logger: Logger,
): Promise<ImapMessageClass> {
  if (!classify) return 'report';
  try {
    return (await classify(raw)) === 'other' ? 'other' : 'report';
  } catch (error) {
    logger.warn(
      { event: 'imap.classify.failed', uid, err: error },
      'classifier failed; handing the message over as a report',
    );
    return 'report';
  }
}
