/** Phrase rows naming `norelaying` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const norelaying: PhraseRow[] = [
  {
    id: 'norelaying.relay',
    priority: 220,
    strength: 'decisive',
    pattern: String.raw`relay(?:ing)? (?:access )?(?:denied|not (?:permitted|allowed|authorized))|(?:unable|not allowed|we do not|cannot|not) (?:to )?relay|relaying (?:is )?(?:prohibited|disallowed)|no relaying|open relay|insecure mail relay|use me .{0,60}as a relay|not a gateway|(?:domain|host) (?:isn't|is not) in my list of allowed rcpthosts|not (?:configured|authorized) to (?:relay|accept mail for)|mail for .{0,60} not accepted here|relay not permitted|identities failed the check`,
    examples: [
      {
        text: '554 5.7.1 <a@example.net>: Relay access denied',
        source: 'Postfix reject_unauth_destination reply (postconf(5))',
      },
    ],
  },
];
