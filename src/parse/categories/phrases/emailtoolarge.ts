/** Phrase rows naming `emailtoolarge` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';
import { JA } from './japanese.js';

export const emailtoolarge: PhraseRow[] = [
  {
    id: 'emailtoolarge.size',
    priority: 300,
    strength: 'decisive',
    pattern: String.raw`(?:message|mail|email|data|file|attachment)s? (?:size |length )?(?:is )?(?:too (?:large|big|long)|exceeds?|exceeded|larger than)|(?:message|mail) size \d+ exceeds|(?:message|mail|e-?mail) size (?:limit )?(?:exceed|too)|(?<!box )size limit exceeded|(?:size|length) of the message|exceeds? (?:the )?(?:maximum|fixed|message) ?(?:size|length)|too (?:large|big) for (?:the )?(?:system|recipient|server)|maximum (?:message )?size|message too big|mesg too big|line limit exceeded|${JA.emailtoolarge}`,
    examples: [
      {
        text: '552 5.3.4 Message size exceeds fixed maximum message size',
        source: 'Postfix smtpd(8) reply (message_size_limit)',
      },
    ],
  },
];
