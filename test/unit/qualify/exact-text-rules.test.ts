import { describe, expect, it } from 'vitest';
import {
  compileRuleSet,
  createQualifier,
  exactTextOf,
  exactTextRegex,
  promotedRuleId,
  textDecisionRule,
} from '../../../src/qualify/index.js';

const example = { input: { text: 'x' }, expect: { type: 'soft', reason: 'not_defined' } };
const set = (rules: unknown[]) => ({ name: 'email', channel: 'email', version: '1', rules });

describe('exact-text rules', () => {
  it('reads back the literal of an exact-text regex, and nothing else', () => {
    const text = '550 5.1.1 <*>: user (#xxx#) unknown? [a|b] $5 ^';
    expect(exactTextOf({ textRegex: exactTextRegex(text) }, 'email')).toBe(text.toLowerCase());
    expect(exactTextOf({ textRegex: '^user.unknown$' }, 'email')).toBeUndefined();
    expect(exactTextOf({ textRegex: '^user\\d$' }, 'email')).toBeUndefined();
    expect(exactTextOf({ textRegex: 'user unknown' }, 'email')).toBeUndefined();
    expect(
      exactTextOf({ textRegex: '^user$', categories: ['userunknown'] }, 'email'),
    ).toBeUndefined();
  });

  it('decides by the indexed rule exactly as the regex would, case-insensitively', () => {
    const decision = textDecisionRule(
      {
        channel: 'email',
        normalizedText: 'Mailbox #xxx# is gone (*)',
        type: 'hard',
        reason: 'user_unknown',
      },
      'staff',
    );
    const compiled = compileRuleSet(
      set([
        decision,
        {
          id: 'soft.any',
          priority: 10,
          match: { textContains: ['mailbox'] },
          type: 'soft',
          reason: 'mailbox_full',
          examples: [example],
        },
      ]),
    );
    expect(compiled.exactText.size).toBe(1);
    expect(compiled.scanRules.map((r) => r.id)).toEqual(['soft.any']);
    const qualifier = createQualifier([compiled]);
    const verdict = qualifier.qualify({
      channel: 'email',
      category: 'undefined',
      text: 'MAILBOX #xxx# IS GONE (*)',
    });
    expect(verdict).toMatchObject({
      type: 'hard',
      ruleId: promotedRuleId('email', 'Mailbox #xxx# is gone (*)'),
      toQualify: false,
    });
    expect(
      qualifier.qualify({
        channel: 'email',
        category: 'undefined',
        text: 'Mailbox #xxx# is gone (*) really',
      }).ruleId,
    ).toBe('soft.any');
  });

  it('lets a higher-priority scanned rule win over an exact-text rule', () => {
    const exact = {
      id: 'exact',
      priority: 100,
      match: { textRegex: exactTextRegex('blocked') },
      type: 'hard',
      reason: 'user_unknown',
      examples: [example],
    };
    const scanned = {
      id: 'scan',
      priority: 500,
      match: { textContains: ['block'] },
      type: 'ignored',
      reason: 'refused',
      examples: [example],
    };
    const qualifier = createQualifier([compileRuleSet(set([exact, scanned]))]);
    expect(
      qualifier.qualify({ channel: 'email', category: 'undefined', text: 'blocked' }).ruleId,
    ).toBe('scan');
  });

  it('staff decisions outrank every shipped priority', () => {
    expect(
      textDecisionRule(
        { channel: 'email', normalizedText: 't', type: 'soft', reason: 'refused' },
        'd',
      ).priority,
    ).toBe(1000);
  });
});
