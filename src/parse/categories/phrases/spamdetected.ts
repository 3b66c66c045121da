/** Phrase rows naming `spamdetected` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const spamdetected: PhraseRow[] = [
  // URL blocklists judge the content, not the sending host.
  {
    id: 'spamdetected.url-blocklist',
    priority: 90,
    strength: 'decisive',
    pattern: String.raw`(?:black|block)listed (?:url|uri|link|domain in (?:the )?(?:message|body))|(?:url|uri|link)s? .{0,30}(?:black|block)listed|\buribl\b|\bsurbl\b|dbl\.spamhaus`,
    examples: [
      {
        text: '554 5.7.1 Message contains a blacklisted URL',
        source: 'written here (URIBL/SURBL-style refusal)',
      },
    ],
  },
  // Orange / Wanadoo content rejection.
  {
    id: 'spamdetected.orange-content',
    priority: 180,
    strength: 'decisive',
    pattern: String.raw`mail rejete\. mail rejected`,
    families: ['franceptt'],
    examples: [
      {
        text: 'Mail rejete. Mail rejected. OFR_999 [999]',
        source: 'Orange postmaster error codes page',
      },
    ],
  },
  {
    id: 'spamdetected.spam-words',
    priority: 190,
    strength: 'decisive',
    pattern: String.raw`\bspam\b(?<!(?:from|amount of|volume of|against|fight|fighting|reduce|prevent|preventing) spam)(?!haus| ?cop| ?rats| ?trap)|\bspammy\b|junk ?mail|unsolicited (?:bulk|commercial)|bulk mail|content (?:filter|was) rejected|(?:message|mail) (?:content|contents) (?:rejected|denied|refused|not accepted)|looks like spam|classified as (?:spam|bulk)|suspicious (?:content|url)|\bu[bc]e\b|high probability of being spam|scored? (?:as|too high)|rejected by (?:content|spam) filter|spam ?score|phish|(?:likely|considered|deemed|identified as) (?:to be )?unsolicited|(?:under )?suspicion of spam|suspected (?:as |of )?spam`,
    examples: [
      { text: '554 5.7.1 Message rejected as spam by Content Filtering', source: 'written here' },
    ],
  },
];
