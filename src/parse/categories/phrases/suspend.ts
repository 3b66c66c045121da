/** Phrase rows naming `suspend` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';
import { JA } from './japanese.js';

export const suspend: PhraseRow[] = [
  {
    id: 'suspend.disabled',
    priority: 340,
    strength: 'decisive',
    pattern: String.raw`(?:account|mailbox|user|recipient)(?: has been| is| was)? (?:currently )?(?:temporarily )?(?:disabled|suspended|deactivated|inactive|locked|frozen|closed|terminated|not (?:active|enabled))|(?:disabled|suspended|inactive|deactivated|locked|expired|frozen) (?:account|mailbox|user|recipient|address)|account (?:has been |is )?(?:cancelled|removed|blocked|expired|discontinued)|(?:not|no longer) (?:an )?active (?:account|mailbox|user)|mailbox (?:has been )?(?:turned off|deleted)|email account that you tried to reach is (?:disabled|inactive)|mail receiving disabled|account on hold|(?:blocked|disabled|closed|deactivated|suspended|locked) (?:due to|because of|for) inactivity|${JA.suspend}`,
    examples: [
      {
        text: '550-5.2.1 The email account that you tried to reach is disabled.',
        source: 'Google Workspace Admin Help, "SMTP error reference" (5.2.1)',
      },
    ],
  },
  // RFC 3463 §3 subject texts, which MTAs of every family echo after the code.
  {
    id: 'suspend.rfc3463-text',
    priority: 335,
    strength: 'normal',
    pattern: String.raw`mailbox disabled, not accepting messages`,
    families: [],
    examples: [
      {
        text: 'Mailbox disabled, not accepting messages',
        source: 'RFC 3463 §3 (X.2.1 Mailbox disabled, not accepting messages)',
      },
    ],
  },
];
