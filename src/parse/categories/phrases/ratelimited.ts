/** Phrase rows naming `ratelimited` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const ratelimited: PhraseRow[] = [
  {
    id: 'ratelimited.rate',
    priority: 200,
    strength: 'decisive',
    pattern: String.raw`too many (?:connections|concurrent|sessions|simultaneous|mails|recipients|errors|hops|sends|rcpt|messages(?! (?:in|on|for) (?:the |this |his |her |your )?(?:mailbox|account|folder|inbox)))|rate ?limit|(?:sending|message|connection|receiving|submission) rate|too fast|throttl|(?:exceeded|exceeds|over) (?:the )?(?:maximum|max|allowed|daily|hourly)? ?(?:number of )?(?:connections|messages|sending|sends|recipients|rate|quota for sending)|try (?:again )?later.{0,40}(?:volume|rate)|connection limit|frequency limit|too much (?:mail|traffic)|mail flood|(?:please )?slow down|unusual (?:volume|rate|traffic)|high volume|receiving mail (?:at a rate|too quickly)|(?:per[- ]hour|hourly|daily) (?:message )?(?:receive|receiving|sending) limit`,
    examples: [
      {
        text: '421 4.7.0 Too many connections from your IP, please slow down',
        source: 'written here',
      },
    ],
  },
];
