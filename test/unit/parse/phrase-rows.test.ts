/**
 * The phrase rows as checked data (src/parse/categories/phrases/): the table is well formed,
 * and every row's examples are classified by that very row — so an example stolen by an
 * earlier row, or a row nothing can reach, fails here.
 */
import { describe, expect, it } from 'vitest';
import { phraseRuleFor } from '../../../src/parse/categories/classify.js';
import { phraseRows, splitAlternatives } from '../../../src/parse/categories/phrases.js';

describe('phrase rows', () => {
  const rows = phraseRows();

  it('has unique ids and priorities, an example and a source on every row', () => {
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      expect(row.examples.length, row.id).toBeGreaterThan(0);
      for (const e of row.examples) expect(e.source.trim(), row.id).not.toBe('');
    }
  });

  for (const row of rows) {
    for (const example of row.examples) {
      it(`${row.id} classifies "${example.text.slice(0, 60)}"`, () => {
        expect(phraseRuleFor(example.text)?.id).toBe(row.id);
      });
    }
  }

  it('splits a pattern at its top-level alternatives only', () => {
    expect(splitAlternatives(String.raw`a(?:b|c)|[|]d|e\|f`)).toEqual([
      'a(?:b|c)',
      '[|]d',
      String.raw`e\|f`,
    ]);
  });

  it('rebuilds every row from its alternatives', () => {
    for (const row of rows) expect(splitAlternatives(row.pattern).join('|')).toBe(row.pattern);
  });
});
