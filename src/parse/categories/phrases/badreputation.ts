/** Phrase rows naming `badreputation` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const badreputation: PhraseRow[] = [
  {
    id: 'badreputation.reputation',
    priority: 110,
    strength: 'decisive',
    pattern: String.raw`reputation(?<!barracuda reputation)|poor (?:sender )?standing|sender ?score|low (?:sender )?trust|deferred due to (?:unexpected volume or )?user complaints`,
    examples: [
      { text: '550 5.7.1 Poor sender reputation, message refused', source: 'written here' },
    ],
  },
];
