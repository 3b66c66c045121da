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
  // RFC 3463 §3 subject texts, which MTAs of every family echo after the code.
  {
    id: 'emailtoolarge.rfc3463-text',
    priority: 295,
    strength: 'normal',
    pattern: String.raw`message length exceeds administrative limit`,
    families: [],
    examples: [
      {
        text: 'Message length exceeds administrative limit',
        source: 'RFC 3463 §3 (X.2.3 Message length exceeds administrative limit)',
      },
    ],
  },
];
