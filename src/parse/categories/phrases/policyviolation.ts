/** Phrase rows naming `policyviolation` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const policyviolation: PhraseRow[] = [
  // Explicit policy wording beats the "rejected"/"blocked" words around it.
  {
    id: 'policyviolation.explicit-policy',
    priority: 260,
    strength: 'decisive',
    pattern: String.raw`(?:for|due to) (?:local |our |site )?(?:security )?polic(?:y|ies) reasons|(?:denied|rejected|refused|blocked|not accepted) (?:by|due to|for|because of) (?:local |our |the |site |security )?polic(?:y|ies)|polic(?:y|ies) (?:violation|reasons)|content presents a potential security issue`,
    examples: [{ text: '550 5.7.1 Message rejected for policy reasons', source: 'written here' }],
  },
  // Header checks (Postfix header_checks, Exim ACLs) refusing by the site's own rules.
  {
    id: 'policyviolation.header-check',
    priority: 420,
    strength: 'normal',
    pattern: String.raw`\bheader error\b`,
    examples: [
      { text: '554 5.7.1 Header error', source: 'Postfix header_checks REJECT default text' },
    ],
  },
  {
    id: 'policyviolation.policy-words',
    priority: 430,
    strength: 'weak',
    pattern: String.raw`polic(?:y|ies)|prohibited|not permitted|not allowed|violat|forbidden|restricted|administrative(?:ly)? (?:prohibited|prohibition|reasons)|closed mailing list|content (?:is )?not acceptable|contrary to|not authorized|unacceptable|content restrictions?`,
    examples: [{ text: '550 5.7.1 Delivery not permitted', source: 'written here' }],
  },
];
