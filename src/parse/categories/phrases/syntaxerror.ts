/** Phrase rows naming `syntaxerror` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const syntaxerror: PhraseRow[] = [
  {
    id: 'syntaxerror.command-syntax',
    priority: 450,
    strength: 'normal',
    pattern: String.raw`malformed address|syntax error|command (?:not )?(?:unrecogni[sz]ed|recogni[sz]ed|implemented)|unrecogni[sz]ed command|(?:bad|improper) (?:sequence|syntax) of commands|(?:invalid|unknown|unexpected) (?:smtp )?command|parameters? (?:not (?:implemented|recognized)|error)|line (?:length )?exceeded|unrecognized parameter|protocol error|pipelining`,
    examples: [
      {
        text: '500 5.5.1 Command unrecognized',
        source: 'RFC 5321 §4.2.2 (500 command unrecognized)',
      },
    ],
  },
];
