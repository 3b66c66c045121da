/** Phrase rows naming `authfailure` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const authfailure: PhraseRow[] = [
  // SPF, DKIM, DMARC, ARC (RFC 7208, 6376, 7489, 8617); Gmail's "authentication information".
  {
    id: 'authfailure.spf-dkim-dmarc',
    priority: 80,
    strength: 'decisive',
    pattern: String.raw`\bdmarc\b|\bspf\b(?! ?(?:record (?:not found|missing)))|sender policy framework|\bdkim\b|domainkeys|does not have authentication information|fails? to pass (?:sender )?authentication|authentication checks? (?:failed|did not pass)|not (?:pass|passing) (?:sender )?authentication|required authentication level|fails? (?:sender )?authentication requirements|arc validation`,
    examples: [
      {
        text: "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.",
        source: 'Google Workspace Admin Help, "SMTP error reference" (5.7.26)',
      },
    ],
  },
];
