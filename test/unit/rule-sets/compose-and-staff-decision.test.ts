import { describe, expect, it } from 'vitest';
import {
  composeRuleSets,
  headerOf,
  staffSetVersion,
} from '../../../src/rule-sets/compose-rule-sets.js';
import { compileRuleSet, createQualifier } from '../../../src/qualify/index.js';
import { withStaffDecision } from '../../../src/worker/staff-decision.js';
import type { RecipientEffect } from '../../../src/worker/plan-recipient-effects.js';

const example = { input: { text: 'x' }, expect: { type: 'soft', reason: 'not_defined' } };
const rule = (id: string, text: string, type = 'soft') =>
  ({
    id,
    priority: 10,
    enabled: true,
    provisional: false,
    delivered: false,
    match: { textContains: [text] },
    type,
    reason: 'refused',
    examples: [example],
  }) as any;
const shipped = compileRuleSet({
  name: 'email',
  channel: 'email',
  version: '1.0',
  rules: [rule('r.a', 'alpha')],
});
const at = new Date('2025-01-02T03:04:05.678Z');

describe('composeRuleSets', () => {
  it('uses the shipped files while nothing is stored', () => {
    const { ruleSets } = composeRuleSets(new Map(), [], [shipped]);
    expect(ruleSets).toEqual([shipped]);
  });

  it('splits stored rules into the shipped set and a staff set named after the newest staff change', () => {
    const stored = [
      {
        id: 'r.a',
        ruleSet: 'email',
        origin: 'shipped' as const,
        editedByStaff: false,
        data: rule('r.a', 'alpha'),
        updatedAt: at,
      },
      {
        id: 'r.b',
        ruleSet: 'email',
        origin: 'shipped' as const,
        editedByStaff: true,
        data: rule('r.b', 'beta', 'hard'),
        updatedAt: at,
      },
      {
        id: 'r.c',
        ruleSet: 'email',
        origin: 'staff' as const,
        editedByStaff: false,
        data: rule('r.c', 'gamma'),
        updatedAt: new Date(0),
      },
    ];
    const { ruleSets, broken } = composeRuleSets(new Map([['email', headerOf(shipped)]]), stored, [
      shipped,
    ]);
    expect(broken).toEqual([]);
    expect(ruleSets.map((s) => [s.version, s.rules.map((r) => r.id)])).toEqual([
      ['1.0', ['r.a']],
      ['1.0+staff.20250102T030405Z', ['r.b', 'r.c']],
    ]);
    const verdict = createQualifier(ruleSets).qualify({
      channel: 'email',
      category: 'undefined',
      text: 'beta',
    });
    expect(verdict).toMatchObject({
      type: 'hard',
      ruleId: 'r.b',
      ruleSetVersion: staffSetVersion('1.0', at),
    });
  });

  it('leaves out a stored rule that no longer compiles, and says so', () => {
    const bad = { ...rule('r.bad', 'x'), match: { textRegex: '(?<=x)y' } };
    const stored = [
      {
        id: 'r.a',
        ruleSet: 'email',
        origin: 'staff' as const,
        editedByStaff: false,
        data: rule('r.a', 'alpha'),
        updatedAt: at,
      },
      {
        id: 'r.bad',
        ruleSet: 'email',
        origin: 'staff' as const,
        editedByStaff: false,
        data: bad,
        updatedAt: at,
      },
    ];
    const { ruleSets, broken } = composeRuleSets(new Map(), stored, [shipped]);
    expect(broken.map((b) => b.id)).toEqual(['r.bad']);
    expect(ruleSets.flatMap((s) => s.rules.map((r) => r.id))).toEqual(['r.a']);
  });
});

describe('withStaffDecision', () => {
  const effect: RecipientEffect = {
    recipientIndex: 0,
    channel: 'email',
    address: 'a@example.org',
    domain: 'example.org',
    kind: 'bounce',
    result: { recipient: 'a@example.org', category: 'onhold', diagnostic: '550 zorblax' } as any,
    eventTime: at,
    effect: 'applied',
    verdict: {
      type: 'soft',
      reason: 'not_defined',
      normalizedText: '550 zorblax',
      toQualify: true,
    },
    policyEvent: { kind: 'failure', type: 'soft', reason: 'not_defined', at },
  };

  it('changes nothing without a staff decision, or when the verdict agrees', () => {
    expect(
      withStaffDecision(effect, { status: 'to_qualify', type: 'soft', reason: 'not_defined' }),
    ).toBeUndefined();
    expect(
      withStaffDecision(effect, { status: 'keep', type: 'hard', reason: 'user_unknown' }),
    ).toBeUndefined();
    expect(
      withStaffDecision(effect, {
        status: 'keep',
        type: 'soft',
        reason: 'not_defined',
        qualifiedBy: 'x',
      }),
    ).toBeUndefined();
  });

  it('applies a Keep decision as the failure type and reason', () => {
    const next = withStaffDecision(effect, {
      status: 'keep',
      type: 'hard',
      reason: 'user_unknown',
      ruleId: 'r',
      qualifiedBy: 'alice',
    });
    expect(next).toMatchObject({
      effect: 'applied',
      verdict: { type: 'hard', ruleId: 'r', toQualify: false },
      policyEvent: { type: 'hard', reason: 'user_unknown', text: '550 zorblax' },
    });
  });

  it('records an ignored text without a policy event', () => {
    const next = withStaffDecision(effect, {
      status: 'ignore',
      type: 'ignored',
      reason: 'error_ignored',
      qualifiedBy: 'alice',
    });
    expect(next).toMatchObject({ effect: 'ignored', verdict: { type: 'ignored' } });
    expect(next?.policyEvent).toBeUndefined();
  });
});
