/** Phrase rows naming `securityerror` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const securityerror: PhraseRow[] = [
  // SMTP AUTH (RFC 4954) and sender-identity refusals that are not SPF/DKIM/DMARC.
  {
    id: 'securityerror.smtp-auth',
    priority: 250,
    strength: 'normal',
    pattern: String.raw`authentication (?:is )?(?:required|needed)|smtp auth|(?:turn on|enable|requires?) (?:smtp )?authentication|unauthenticated (?:senders?|users?|relay|connections?)|must (?:be )?authenticated|auth(?:entication)?required|not authenticated`,
    examples: [{ text: '530 5.7.0 Authentication required', source: 'RFC 4954 §6' }],
  },
  // Generic sender- and host-side wording: the SMTP stage decides (classify.ts).
  {
    id: 'securityerror.access-denied',
    priority: 380,
    strength: 'weak',
    pattern: String.raw`access denied`,
    examples: [{ text: '554 Access denied', source: 'written here' }],
  },
];
