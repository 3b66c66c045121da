/** Phrase rows naming `requireptr` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const requireptr: PhraseRow[] = [
  // Missing or mismatching PTR (Postfix reject_unknown_client_hostname, Gmail 5.7.25...).
  {
    id: 'requireptr.ptr',
    priority: 120,
    strength: 'decisive',
    pattern: String.raw`\bptr\b|reverse (?:dns|lookup|zone|address|hostname|name)|\brdns\b|cannot find your (?:reverse )?hostname|(?:ip|client|host).{0,40}(?:has|have) no (?:reverse|name|hostname|ptr)|unresolvable (?:sender|client|host|reverse)|client (?:host ?name|ip) (?:lookup|mismatch|does not match)|ip name lookup failed|(?:mismatches|does not match) (?:the )?(?:client|connecting|sending) ip|unverif[iy]able sending ips?|name service error for your ip|unknown client host`,
    examples: [
      {
        text: '550-5.7.25 The IP address sending this message does not have a PTR record setup',
        source: 'Google Workspace Admin Help, "SMTP error reference" (5.7.25)',
      },
    ],
  },
];
