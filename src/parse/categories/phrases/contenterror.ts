/** Phrase rows naming `contenterror` (row format: ../phrase-row.ts; order: docs/decision-order.md). */
import type { PhraseRow } from '../phrase-row.js';

export const contenterror: PhraseRow[] = [
  {
    id: 'contenterror.content-format',
    priority: 460,
    strength: 'normal',
    pattern: String.raw`(?:header|mime|content|body|message) (?:is |was )?(?:malformed|invalid|too long|syntax)|malformed|invalid (?:header|mime|message|content|character)|(?:bad|illegal|invalid|broken) (?:header|mime|line|character|encoding|content)|8-?bit|line too long|too many (?:headers|lines)|header (?:too (?:long|large)|size|line)|charset|attachment (?:type )?(?:not allowed|blocked|rejected)|file ?type|media (?:type )?not supported`,
    examples: [{ text: '554 5.6.0 Message header is malformed', source: 'written here' }],
  },
];
