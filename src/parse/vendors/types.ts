/** A non-standard bounce format: how to recognise it and where its report text is. */
import type { Category } from '../../core/vocabulary.js';
import type { Mail } from '../mail.js';
import type { ReadContext, ReaderOutput } from '../readers/types.js';

export interface VendorFormat {
  /** Short name; the parser is reported as `vendor:<name>`. */
  name: string;
  /** True when the message is in this format (headers, subject, first lines). */
  detect(mail: Mail): boolean;
  /** Where the failure report starts in the text (default: the top). */
  start?: RegExp;
  /** Where the quoted original starts (generic markers apply as well). */
  end?: RegExp;
  /**
   * Where the format names each failed recipient (global; the first defined group is the
   * address). Each match opens a block that runs to the next. Default: addresses at the
   * start of a line (text/recipient-blocks.ts).
   */
  recipients?: RegExp;
  /** A line that ends a `recipients` block early (the next record or transcript starts). */
  blockEnd?: RegExp;
  /** The message-level error text (group 1), for formats that state it once for all recipients. */
  diagnostic?: RegExp;
  /** Category when neither the reply text nor a status code names one. */
  defaultCategory?: Category;
  /** Custom reading for formats the generic text reader cannot handle (e.g. JSON). */
  read?(mail: Mail, ctx: ReadContext): ReaderOutput | undefined;
}
