/** Phrase rows naming `suppressed` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const suppressed: PhraseRow[] = [
  {
    id: 'suppressed.suppression-list',
    priority: 240,
    strength: 'decisive',
    pattern: String.raw`suppression list|suppressed (?:address|recipient|because)|on (?:the|our|a) (?:account-level )?suppression|address is suppressed|previously (?:bounced|hard bounced|complained|unsubscribed)|recipient (?:address )?is on the (?:bounce|block) list`,
    examples: [
      {
        text: '550 Address is on the account-level suppression list',
        source: 'Amazon SES Developer Guide, account-level suppression list',
      },
    ],
  },
];
