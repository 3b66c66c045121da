/**
 * One phrase row: wording real MTAs and mailbox providers use for one kind of failure, as
 * checked data. Rows live in phrases/<category>.ts; phrases.ts compiles them in priority
 * order (first match wins, docs/decision-order.md). Add rows there, never branches in code,
 * and never a row for one corpus file.
 */
import type { Category } from '../../core/vocabulary.js';

/**
 * How a row weighs against the enhanced status code (docs/decision-order.md):
 * - `decisive`: names the cause precisely; beats any status code ("5.1.1 ... listed at
 *   Spamhaus" is a blocklisting, not an unknown user).
 * - `normal`: beats a vague code, yields to a code that names a category precisely.
 * - `weak`: generic refusal wording ("access denied", "policy"); the SMTP stage and the
 *   status code decide first.
 */
export type PhraseStrength = 'decisive' | 'normal' | 'weak';

/** A reply text the row must classify, and where the text comes from. */
export interface PhraseExample {
  text: string;
  /** A provider's documentation, an RFC, a fixture of this repository, or "written here". */
  source: string;
}

export interface PhraseRow {
  /** Permanent id, `<category>.<slug>`; --explain and the leave-one-out script print it. */
  id: string;
  /** Lower runs first, across all categories. */
  priority: number;
  strength: PhraseStrength;
  /**
   * Case-insensitive regular expression over the diagnostic with whitespace collapsed,
   * alternatives separated by `|`. Literal words where they can say it.
   */
  pattern: string;
  /**
   * The category when the report says the sender is still retrying (RFC 3464 Action
   * "delayed"): a timeout is a network failure until the sender gives up, then it expired.
   */
  whileRetrying?: Category;
  /**
   * MTA or provider families the row was written for (the corpus file prefix without
   * lhost-/rhost-: exim, yahoo, office365...). `[]`: written from an RFC or a provider's
   * documentation for no one family. Absent: the legacy table, provenance unknown (the
   * leave-one-out script then treats a phrase only one family fires as written for it).
   */
  families?: string[];
  /** At least one; test/unit/parse/phrase-rows.test.ts runs every one. */
  examples: PhraseExample[];
}
