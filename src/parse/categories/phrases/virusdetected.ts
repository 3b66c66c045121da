/** Phrase rows naming `virusdetected` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const virusdetected: PhraseRow[] = [
  // Content verdicts name the message, whatever the code says.
  {
    id: 'virusdetected.content-verdict',
    priority: 60,
    strength: 'decisive',
    pattern: String.raw`\bvirus(?:es)?\b|malware|\binfected\b|\bworm\b|trojan|malicious (?:content|attachment|payload|code|file|link|url)|(?:dangerous|unsafe) (?:attachment|file|content)`,
    examples: [
      { text: '554 5.7.0 Message rejected: virus found in attachment', source: 'written here' },
    ],
  },
];
