/** What a reader gets and returns. Readers are pure functions of the parsed mail. */
import type { MessageKind } from '../../core/vocabulary.js';
import type { Mail } from '../mail.js';
import type { RecipientResult } from '../types.js';

/** A result before normalization: the recipient as written, category possibly unset. */
export type DraftResult = Omit<RecipientResult, 'category' | 'explanation'> & {
  category?: RecipientResult['category'];
  /** Where the reader found the failure's text (shown by `rebound parse --explain`). */
  region?: string;
};

export interface ReaderOutput {
  kind: MessageKind;
  /** e.g. "rfc3464", "arf", "vendor:postfix". */
  parser: string;
  results: DraftResult[];
  /** Set when the reader recognised the message but found no recipient. */
  unknownReason?: string;
  /**
   * A complaint whose recipient the provider redacted: the reported message's envelope
   * senders, where a signed VERP token may still name it (decoded in parse-message.ts),
   * the placeholders left instead ("redacted@isp", reported only as a last resort), and
   * the result to give the recipient.
   */
  redacted?: {
    returnPaths: string[];
    placeholders: string[];
    draft: Omit<DraftResult, 'recipient'>;
  };
}

export interface ReadContext {
  /** Envelope recipients (RCPT TO) the message arrived on. */
  envelopeTo: string[];
}

export interface Reader {
  name: string;
  read(mail: Mail, ctx: ReadContext): ReaderOutput | undefined;
}
