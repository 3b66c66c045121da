/** Phrase rows naming `systemfull` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const systemfull: PhraseRow[] = [
  {
    id: 'systemfull.system-storage',
    priority: 480,
    strength: 'normal',
    pattern: String.raw`(?:disk|spool|queue|file ?system|system|storage) (?:is |was )?(?:full|out of space)|no space (?:left )?on device|(?:spool|disk|mail system) (?:space )?full|system (?:storage|resources) (?:exhausted|insufficient)|out of (?:disk|storage|memory)|insufficient (?:disk |storage )?space|not enough (?:disk |storage )?space`,
    examples: [
      {
        text: '452 4.3.1 Mail system full',
        source: 'RFC 3463 §3.4 (X.3.1 Mail system full)',
      },
    ],
  },
  // RFC 5321 §4.2.2 reply texts, which servers of every family send verbatim.
  {
    id: 'systemfull.rfc5321-replies',
    priority: 485,
    strength: 'normal',
    pattern: String.raw`insufficient system storage`,
    families: [],
    examples: [
      {
        text: '452 4.3.1 Requested action not taken: insufficient system storage',
        source: 'RFC 5321 §4.2.2 (452)',
      },
    ],
  },
];
