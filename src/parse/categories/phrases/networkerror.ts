/** Phrase rows naming `networkerror` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const networkerror: PhraseRow[] = [
  // The sending MTA's own TCP failure ("connect to mx[198.51.100.1]:25: Connection refused"):
  // nobody refused the mail, the host did not answer.
  {
    id: 'networkerror.own-tcp-failure',
    priority: 130,
    strength: 'decisive',
    pattern: String.raw`connect to \S+?(?::\d+)?: (?:connection refused|no route to host|network is unreachable)`,
    examples: [
      {
        text: 'connect to mx.example.net[192.0.2.1]:25: Connection refused',
        source: 'Postfix smtp(8) delay/bounce text',
      },
    ],
  },
  // Mail loops (RFC 5321 §6.3) whatever refusal wording surrounds them.
  {
    id: 'networkerror.mail-loop',
    priority: 140,
    strength: 'decisive',
    pattern: String.raw`hop count exceeded|mail (?:forwarding )?loop|routing loop|too many hops|loops? back to myself`,
    examples: [
      {
        text: '554 5.4.6 Hop count exceeded - possible mail loop',
        source: 'RFC 5321 §6.3; RFC 3463 X.4.6',
      },
    ],
  },
  {
    id: 'networkerror.dns-failure',
    priority: 500,
    strength: 'normal',
    pattern: String.raw`dns (?:query|lookup) failed|no answer from (?:the )?(?:remote )?(?:host|server)|(?:wasn't|was not) able to establish|host name lookup failure|name server: .{0,80}(?:failure|timeout|timed out)|(?:dns|name server|nameserver|lookup) (?:error|failure|timeout|timed out|problem|servfail)|servfail|temporary (?:dns|name|lookup) (?:failure|error)|network error|no route to host`,
    examples: [{ text: '451 4.4.3 DNS lookup failure for example.net', source: 'written here' }],
  },
  {
    id: 'networkerror.connection-failure',
    priority: 540,
    strength: 'normal',
    pattern: String.raw`network|connection (?:refused|reset|closed|lost|dropped|unexpectedly|failure|error)|(?:lost|dropped|broken|failed) connection|(?:could not|couldn't|unable to|cannot|can't|failed to|wasn't able to|was not able to) (?:connect|establish|open)|host (?:is )?(?:down|unreachable)|unreachable|read error|write error|broken pipe`,
    examples: [
      {
        text: 'lost connection with mx.example.net[192.0.2.1] while sending end of data',
        source: 'Postfix smtp(8) bounce text',
      },
    ],
  },
];
