/** Phrase rows naming `hasmoved` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const hasmoved: PhraseRow[] = [
  {
    id: 'hasmoved.moved',
    priority: 330,
    strength: 'decisive',
    pattern: String.raw`has moved|(?:address|mailbox|user) (?:has )?(?:been )?(?:moved|changed)(?! (?:temporarily|to quarantine))|no longer (?:at|uses? this|used|with)|new (?:e-?mail )?address is|forwarding address`,
    examples: [
      {
        text: '551 User has moved; please try <b@example.org>',
        source: 'RFC 5321 §3.4 (551 User not local; please try)',
      },
    ],
  },
  // RFC 3463 §3 subject texts, which MTAs of every family echo after the code.
  {
    id: 'hasmoved.rfc3463-text',
    priority: 325,
    strength: 'normal',
    pattern: String.raw`destination mailbox has moved`,
    families: [],
    examples: [
      {
        text: 'Destination mailbox has moved, no forwarding address',
        source: 'RFC 3463 §3 (X.1.6 Destination mailbox has moved, no forwarding address)',
      },
    ],
  },
];
