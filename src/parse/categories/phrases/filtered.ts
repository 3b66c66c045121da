/** Phrase rows naming `filtered` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const filtered: PhraseRow[] = [
  {
    id: 'filtered.recipient-preferences',
    priority: 230,
    strength: 'decisive',
    pattern: String.raw`recipient(?:'s)? preferences`,
    examples: [
      {
        text: "550 5.7.1 The recipient's preferences do not allow this message",
        source: 'written here',
      },
    ],
  },
  {
    id: 'filtered.recipient-filter',
    priority: 470,
    strength: 'normal',
    pattern: String.raw`filter(?:ed|ing)?\b|(?:user|recipient) has chosen to (?:reject|block|refuse)|not accepting (?:e-?)?mail from|only accepting (?:e-?)?mail from|delivery not authorized|not authorized to receive|recipient (?:has )?(?:rejected|refused|blocked|denied)|(?:message|mail) (?:was )?(?:rejected|refused|blocked|denied) by (?:the |this )?(?:recipient|user)|only accepts mail from|does not accept mail from|refused by (?:the )?(?:recipient|user)|user has (?:blocked|refused|rejected)|addressee .{0,40} (?:reject|refuse)|receiver (?:has )?(?:blocked|refused)|(?:mailbox|user|recipient) (?:is )?(?:not allowed|forbidden|refus)|受信拒否`,
    examples: [{ text: '550 5.7.1 Message rejected by recipient filter', source: 'written here' }],
  },
];
