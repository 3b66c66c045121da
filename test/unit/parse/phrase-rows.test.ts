/**
 * The phrase rows as checked data (src/parse/categories/phrases/): the table is well formed,
 * and every row's examples are classified by that very row — so an example stolen by an
 * earlier row, or a row nothing can reach, fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decideFailure,
  phraseRuleFor,
  withPhraseRules,
} from '../../../src/parse/categories/classify.js';
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

describe('the decision order as documented', () => {
  const doc = readFileSync(new URL('../../../docs/decision-order.md', import.meta.url), 'utf8');

  it('has a row in docs/decision-order.md for every step decideFailure reports', () => {
    const facts = [
      { action: 'delivered' },
      { diagnostic: '550 5.1.1 User unknown', status: '5.1.1' },
      { diagnostic: '550 User unknown', command: 'DATA' },
      { diagnostic: '550 User unknown', status: '5.7.1' },
      { diagnostic: 'Host not found', status: '4.1.2' },
      { diagnostic: 'connection timed out', action: 'delayed' },
      { diagnostic: '451 Requested action aborted', status: '4.0.0' },
      { diagnostic: 'something odd', status: '5.0.0' },
    ];
    for (const f of facts) {
      const step = decideFailure(f).step.split(' ')[0] ?? '';
      for (const n of step.split('-'))
        expect(doc, `step ${n}`).toMatch(new RegExp(`\\| ${n} +\\|`));
    }
  });

  it('runs a reduced phrase table only inside withPhraseRules', () => {
    expect(phraseRuleFor('554 Relay access denied')?.id).toBe('norelaying.relay');
    expect(withPhraseRules({ rules: [] }, () => phraseRuleFor('554 Relay access denied'))).toBe(
      undefined,
    );
    expect(phraseRuleFor('554 Relay access denied')?.id).toBe('norelaying.relay');
  });
});
