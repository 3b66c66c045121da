/** Phrase rows naming `hostunknown` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const hostunknown: PhraseRow[] = [
  {
    id: 'hostunknown.x-unix-68',
    priority: 20,
    strength: 'decisive',
    pattern: String.raw`^x-unix; ?68$`,
    examples: [
      {
        text: 'x-unix; 68',
        source: 'RFC 3464 §2.3.6 X-Unix diagnostic type with sysexits.h codes (EX_NOHOST)',
      },
    ],
  },
  // cPanel's Exim: "The account or domain may not exist, they may be blacklisted, or ...".
  {
    id: 'hostunknown.cpanel-domain-may-not-exist',
    priority: 150,
    strength: 'decisive',
    pattern: String.raw`(?:account or )?domain may not exist`,
    families: ['exim'],
    examples: [
      {
        text: 'The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.',
        source: 'cPanel Exim bounce text',
      },
    ],
  },
  {
    id: 'hostunknown.domain-not-found',
    priority: 290,
    strength: 'normal',
    pattern: String.raw`unrouteable address|mx records? points? to non-?existent hosts?|host (?:or domain name )?not found|(?:host|domain) [a-z0-9-]+(?:\.[a-z0-9-]+)+\.? not found|(?:unknown|invalid|unrouteable|non-?existent|bad|unresolvable) (?:host|domain|mail domain|hostname)\b|(?:host|domain)(?: name)? (?:is )?(?:unknown|not found|does not exist|doesn't exist|invalid|not resolv|unresolv|lookup failed)|no such (?:host|domain)|name or service not known|nxdomain|mail ?server for .{0,60} not found|could not resolve|unrouteable (?:mail )?domain|(?:recipient|destination) domain (?:not found|invalid|does not exist)|couldn't find any host|illegal host|domain (?:is )?not (?:configured|found|valid)|not a valid domain|domain is not reachable|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)+ does not exist`,
    examples: [
      {
        text: 'Host or domain name not found. Name service error for name=example.invalid type=A: Host not found',
        source: 'Postfix smtp(8) bounce text',
      },
    ],
  },
  // RFC 3463 §3 subject texts, which MTAs of every family echo after the code.
  {
    id: 'hostunknown.rfc3463-text',
    priority: 357,
    strength: 'normal',
    pattern: String.raw`bad destination system address`,
    families: [],
    examples: [
      {
        text: 'Bad destination system address',
        source: 'RFC 3463 §3 (X.1.2 Bad destination system address)',
      },
    ],
  },
];
