/** Phrase rows naming `notcompliantrfc` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const notcompliantrfc: PhraseRow[] = [
  // RFC 5322 conformance: Gmail adds "to reduce the amount of spam", the format is the cause.
  {
    id: 'notcompliantrfc.rfc5322',
    priority: 70,
    strength: 'decisive',
    pattern: String.raw`not rfc ?(?:5322|2822|822)[- ]?complian|not (?:rfc|standards?)[- ]complian|rfc ?(?:5322|2822|822) (?:violation|non-?complian|complian)|multiple (?:addresses in (?:the )?from|[a-z-]+ headers)|duplicate (?:[a-z-]+ )?header|missing (?:a )?(?:valid |required )?(?:message-?id|date|from) (?:header|field)|bare (?:lf|cr|linefeed|newline)s?\b`,
    examples: [
      {
        text: '550-5.7.1 This message is not RFC 5322 compliant. To reduce the amount of spam sent to Gmail, this message has been blocked.',
        source: 'Google Workspace Admin Help, "SMTP error reference" (5.7.1 RFC 5322)',
      },
    ],
  },
];
