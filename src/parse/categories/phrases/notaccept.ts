/** Phrase rows naming `notaccept` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const notaccept: PhraseRow[] = [
  // Null MX (RFC 7505) and domains without a mail exchanger. Old Postfix reports a null
  // MX as a malformed MX reply.
  {
    id: 'notaccept.null-mx',
    priority: 280,
    strength: 'decisive',
    pattern: String.raw`null ?mx|(?:host|domain|server|system)\b.{0,30}(?:does not|doesn't|do not) accept (?:any )?(?:e-?)?mail(?! from)|accepts no mail|no mx (?:records? )?(?:found|exists?)|no mx (?:or a )?records?|mx or srv record indicated no smtp service|(?:couldn't|could not|cannot|can't|unable to) find (?:a |any )?mail exchanger|type=mx: malformed or unexpected name server reply|not accepting(?<!(?:mailbox|account|user)\b.{0,20}not accepting) (?:any )?(?:mail|messages|network messages)(?! from)`,
    examples: [{ text: '556 5.1.10 Recipient address has null MX', source: 'RFC 7505 §4.2' }],
  },
  // RFC 3463 §3 subject texts, which MTAs of every family echo after the code.
  {
    id: 'notaccept.rfc3463-text',
    priority: 275,
    strength: 'normal',
    pattern: String.raw`system not accepting network messages`,
    families: [],
    examples: [
      {
        text: 'System not accepting network messages',
        source: 'RFC 3463 §3 (X.3.2 System not accepting network messages)',
      },
    ],
  },
];
