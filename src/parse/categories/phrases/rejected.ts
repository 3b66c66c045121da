/** Phrase rows naming `rejected` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const rejected: PhraseRow[] = [
  // Sender-address blocklists are about the envelope sender (rejected), not the host.
  {
    id: 'rejected.sender-blocklist',
    priority: 100,
    strength: 'decisive',
    pattern: String.raw`(?:sender|from|envelope|e-?mail) address .{0,40}(?:black|block|deny) ?list|sender (?:domain|address|e-?mail) (?:is )?(?:on|in|listed (?:on|in)) (?:our|the|a) (?:black|block|deny) ?list|address that has been (?:black|block)listed|sender .{0,20}(?:black|block)listed`,
    examples: [{ text: '553 5.7.1 Sender address is on our block list', source: 'written here' }],
  },
  // Envelope sender refused (RFC 3463 X.1.7, X.1.8; Sender ID's PRA; Gmail "Send mail as").
  {
    id: 'rejected.envelope-sender',
    priority: 270,
    strength: 'normal',
    pattern: String.raw`sender (?:address |domain |e-?mail )?(?:is |was |has been )?(?:rejected|denied|refused|blocked|not (?:allowed|permitted|accepted)|invalid|unknown)|(?:rejected|refused|denied|blocked) (?:the |your )?sender|(?:invalid|bad|unknown|unverified|unroutable|non-existent) (?:sender|from|envelope sender|return[- ]path|mail from)|(?:from|mail from|return[- ]path|envelope(?:-| )?sender) (?:address )?(?:rejected|refused|denied|invalid|not (?:allowed|accepted|verified))|from:? domain (?:is )?(?:invalid|unknown|not found|does not exist)|provide a valid from|domain of sender address|sender verify failed|sender verification failed|could not verify sender|sender (?:domain )?(?:must|does not) (?:exist|resolve)|you are not allowed to send|permissions? to send as|not (?:allowed|authorized|permitted) to send|sender not (?:allowed|authorized|permitted)|mail from .{0,40} rejected|sender address rejected|purported responsible address|send mail as|not a member of (?:this |the )?(?:mailing )?list|only (?:list )?members (?:can|may) (?:post|send)`,
    examples: [
      {
        text: '553 5.1.8 <s@example.com>: Sender address rejected: Domain not found',
        source: 'Postfix reject_unknown_sender_domain reply (postconf(5))',
      },
    ],
  },
];
