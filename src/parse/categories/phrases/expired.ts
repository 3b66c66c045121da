/** Phrase rows naming `expired` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const expired: PhraseRow[] = [
  // A timeout is a network failure while the sender keeps retrying, and the reason it gave
  // up once it stops ("Connection timed out" in Postfix's final bounce after its queue
  // lifetime); the Action field tells which (classify.ts).
  {
    id: 'expired.timeout-during',
    priority: 520,
    strength: 'normal',
    pattern: String.raw`(?:connection|conversation|session|smtp|read|write|command|greeting|data)(?: \S+){0,4} (?:time ?out|timed out)|(?:time ?out|timed out) (?:while|during|after|waiting|in|on|reading|sending|receiving|connecting)|(?:dropped|closed|lost|aborted|terminated) (?:due to|because of|after) (?:a )?(?:time ?out|inactivity)|^(?:time ?out|timed out)`,
    whileRetrying: 'networkerror',
    examples: [
      {
        text: 'conversation with mx.example.net[192.0.2.1] timed out while receiving the initial server greeting',
        source: 'Postfix smtp(8) delay text',
      },
    ],
  },
  {
    id: 'expired.gave-up',
    priority: 530,
    strength: 'normal',
    pattern: String.raw`(?:retry|delivery|queue|connection|message|send)(?:ing)? (?:time(?:out)?|period|lifetime|expir)|time ?out|timed out|expired|give up|gave up|giving up(?! on [0-9a-f:.]+)|retry limit|too long in (?:the )?queue|(?:in|been) (?:the )?queue (?:for )?too long|been (?:in|queued) .{0,40}(?:queue|delayed)|could not be delivered for|undeliverable for|has not been delivered for|unable to deliver (?:in|for|after)|past the retry|max(?:imum)? (?:retry|delivery) (?:time|period|attempts)|too many (?:delivery )?(?:retries|attempts)|(?:message|mail) (?:has been )?delayed|still (?:trying|retrying|not delivered|undelivered)|(?:will|would) (?:keep|continue) (?:trying|to try)|not yet been delivered|will (?:retry|try again)|will be retried|has been queued for|failing for a long time|did not accept our requests to connect|deferred`,
    examples: [{ text: 'retry timeout exceeded', source: 'Exim bounce text (retry rules)' }],
  },
  // RFC 3463 §3 subject texts, which MTAs of every family echo after the code.
  {
    id: 'expired.rfc3463-text',
    priority: 525,
    strength: 'normal',
    pattern: String.raw`delivery time expired`,
    families: [],
    examples: [
      { text: 'Delivery time expired', source: 'RFC 3463 §3 (X.4.7 Delivery time expired)' },
    ],
  },
];
