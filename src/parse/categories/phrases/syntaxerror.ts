/** Phrase rows naming `syntaxerror` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const syntaxerror: PhraseRow[] = [
  {
    id: 'syntaxerror.command-syntax',
    priority: 450,
    strength: 'normal',
    pattern: String.raw`malformed address|unrecogni[sz]ed command|(?:invalid|unknown|unexpected) (?:smtp )?command|line (?:length )?exceeded|unrecognized parameter|protocol error|pipelining`,
    examples: [
      {
        text: '500 5.5.1 Unknown command',
        source: 'written here',
      },
    ],
  },
  // RFC 5321 §4.2.2 reply texts, which servers of every family send verbatim.
  {
    id: 'syntaxerror.rfc5321-replies',
    priority: 455,
    strength: 'normal',
    pattern: String.raw`syntax error|command (?:not )?(?:unrecogni[sz]ed|recogni[sz]ed|implemented)|(?:bad|improper) (?:sequence|syntax) of commands|parameters? (?:not (?:implemented|recognized)|error)`,
    families: [],
    examples: [
      { text: '503 5.5.1 Bad sequence of commands', source: 'RFC 5321 §4.2.2 (503)' },
      { text: '504 5.5.4 Command parameter not implemented', source: 'RFC 5321 §4.2.2 (504)' },
      { text: '500 5.5.2 Syntax error, command unrecognized', source: 'RFC 5321 §4.2.2 (500)' },
    ],
  },
];
