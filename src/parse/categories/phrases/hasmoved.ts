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
];
