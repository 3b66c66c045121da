/** Phrase rows naming `blocked` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const blocked: PhraseRow[] = [
  // Greylisting (postgrey, rspamd, Exchange's own) defers a sending host it has not seen
  // with this sender and recipient: a deliberate, temporary refusal of the host, not a
  // verdict on the address ("Recipient address rejected: Greylisted") nor a failure of the
  // remote system. The vocabulary's nearest meaning is a block of the sending host.
  {
    id: 'blocked.greylisting',
    priority: 160,
    strength: 'decisive',
    pattern: String.raw`gr[ae]y ?list(?:ed|ing)?\b|gr[ae]y-list`,
    examples: [
      {
        text: '450 4.2.0 <a@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html',
        source: 'postgrey(8) documentation, default reply',
      },
    ],
  },
  // DNS blocklists and IP refusals.
  {
    id: 'blocked.dnsbl',
    priority: 170,
    strength: 'decisive',
    pattern: String.raw`spamhaus|spamcop|\bsorbs\b|barracuda ?(?:central|reputation)|abuseat|\bdnsbls?\b|\brbls?\b|blocked using|(?<!not )listed (?:at|on|in|by) |(?:black|block|deny|ban) ?list(?:ed)?|banned sending ip|(?:ip|client|host|network|source)(?: address)? (?:is |has been |was )?(?:banned|blocked|bloqu)|client host (?:rejected|blocked)|dynamic (?:ip|address|pool|range)|residential|dial-?up|(?:use|through) (?:the )?(?:smtp|mail) server of your (?:isp|provider)|use your (?:isp|provider)'?s? (?:smtp|mail|relay)|not accepting connections|no smtp service(?<!indicated no smtp service)|unwanted messages have been sent from|messages from \S+ weren't sent|(?:invalid|unauthori[sz]ed|unregistered) ip (?:address )?for sending|service refus|not authorized to send (?:e-?mail )?directly|use the smtp relay at your (?:service )?provider`,
    examples: [
      {
        text: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
        source: 'Postfix reject_rbl_client reply (postconf(5))',
      },
    ],
  },
  {
    id: 'blocked.host-refused',
    priority: 400,
    strength: 'normal',
    pattern: String.raw`\b(?:ip|host|client|connection|network|server)(?! (?:said|replied|returned|reports|says|responded)\b| was:)(?: address)? (?:(?![:'"] ?[245]\d\d\b).){0,40}(?:is |has been |was )?(?:blocked|banned|rejected|refused|denied|not (?:allowed|permitted|authorized))|refused to talk to me|connection refused by|connections? (?:from|not accepted from) .{0,60}(?:refused|denied|rejected|blocked|not accepted)|your (?:ip|host|server|network|mail server)|service unavailable.{0,40}(?:client|host)|not allowed to connect|mail server at .{0,60} is blocked|sending ip|temporarily blocked`,
    examples: [{ text: '550 Connection from 192.0.2.1 refused', source: 'written here' }],
  },
  {
    id: 'blocked.blocked-word',
    priority: 410,
    strength: 'weak',
    pattern: String.raw`(?:blocked|refused|denied|banned) (?:because|due to|for|from|using)|\bblocked\b`,
    examples: [{ text: '550 Message blocked', source: 'written here' }],
  },
];
