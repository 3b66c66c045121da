/** Phrase rows naming `failedstarttls` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const failedstarttls: PhraseRow[] = [
  {
    id: 'failedstarttls.starttls',
    priority: 210,
    strength: 'decisive',
    pattern: String.raw`starttls|\btls\b.{0,30}(?:required|fail|handshake|negotiat|not (?:available|supported|offered))|(?:not|doesn't|does not) support (?:the )?(?:starttls|tls|encryption)|encryption (?:is )?(?:required|needed)|requires? (?:a )?(?:secure|encrypted|tls) (?:connection|channel)|requires? (?:that the message be sent with )?tls\b`,
    examples: [{ text: '530 5.7.0 Must issue a STARTTLS command first', source: 'RFC 3207 §4' }],
  },
];
