import { describe, expect, it } from 'vitest';
import { RuleSetError, compileRuleSet, createQualifier } from '../../../src/qualify/index.js';
import type { RuleDataInput, RuleSetDataInput } from '../../../src/qualify/index.js';

const example = { input: { text: 'x' }, expect: { type: 'hard', reason: 'user_unknown' } } as const;

function rule(overrides: Partial<RuleDataInput> & { id: string }): RuleDataInput {
  return {
    priority: 10,
    match: { textContains: ['unknown'] },
    type: 'hard',
    reason: 'user_unknown',
    examples: [example],
    ...overrides,
  };
}

function set(rules: unknown[], extra: Partial<RuleSetDataInput> = {}): unknown {
  return { name: 'test', channel: 'email', version: '1', rules, ...extra };
}

function issuesOf(data: unknown) {
  try {
    compileRuleSet(data);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSetError);
    return (error as RuleSetError).issues;
  }
  throw new Error('expected the rule set to be rejected');
}

describe('compileRuleSet validation', () => {
  it('names the rule and field of an unknown reason', () => {
    const issues = issuesOf(set([rule({ id: 'a.one', reason: 'no_such_reason' as never })]));
    expect(issues).toEqual([expect.objectContaining({ ruleId: 'a.one', field: 'reason' })]);
  });

  it('rejects a regex RE2 cannot run (lookahead) and names the rule', () => {
    const issues = issuesOf(set([rule({ id: 'a.look', match: { textRegex: 'user(?=x)' } })]));
    expect(issues).toEqual([
      expect.objectContaining({ ruleId: 'a.look', field: 'match.textRegex' }),
    ]);
    expect(issues[0]?.message).toMatch(/RE2/);
  });

  it('rejects a malformed regex', () => {
    const issues = issuesOf(set([rule({ id: 'a.paren', match: { textRegex: '(unclosed' } })]));
    expect(issues[0]).toMatchObject({ ruleId: 'a.paren', field: 'match.textRegex' });
  });

  it('reports every problem at once, including duplicate ids', () => {
    const issues = issuesOf(
      set([
        rule({ id: 'a.dup' }),
        rule({ id: 'a.dup' }),
        rule({ id: 'a.bad', type: 'fatal' as never, match: { status: ['9.9.9'] } }),
      ]),
    );
    const fields = issues.map((i) => `${i.ruleId}:${i.field}`);
    expect(fields).toEqual(expect.arrayContaining(['a.bad:type', 'a.bad:match.status.0']));
    const second = issuesOf(set([rule({ id: 'a.dup' }), rule({ id: 'a.dup' })]));
    expect(second).toEqual([{ ruleId: 'a.dup', field: 'id', message: 'is used twice' }]);
  });

  it('uses the rule index when the id itself is missing', () => {
    const issues = issuesOf(set([{ priority: 1 }]));
    expect(issues.every((i) => i.ruleId === 'rules[0]')).toBe(true);
    expect(issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(['id', 'match', 'type', 'reason', 'examples']),
    );
  });

  it('rejects a rule without conditions or examples, and unknown fields', () => {
    const issues = issuesOf(
      set([
        rule({ id: 'a.empty', match: {}, examples: [] }),
        { ...rule({ id: 'a.x' }), colour: 1 },
      ]),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'a.empty', field: 'match' }),
        expect.objectContaining({ ruleId: 'a.empty', field: 'examples' }),
        expect.objectContaining({ ruleId: 'a.x' }),
      ]),
    );
  });

  it('rejects channel-specific fields in the wrong set', () => {
    const issues = issuesOf(
      set([rule({ id: 'a.sms', match: { smsc: ['Generic'] }, delivered: true })]),
    );
    expect(issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(['match.smsc', 'delivered', 'type']),
    );
  });

  it('requires a default SMSC extractor in an sms set', () => {
    const issues = issuesOf(
      set([rule({ id: 's.one', match: { textRegex: '^SR ' } })], { channel: 'sms', smsc: {} }),
    );
    expect(issues).toEqual([expect.objectContaining({ field: 'smsc.default' })]);
  });

  it('puts the set name and every issue in the error message', () => {
    expect(() => compileRuleSet(set([rule({ id: 'a.m', reason: 'nope' as never })]))).toThrow(
      /rule set "test" is invalid:[\s\S]*rule "a\.m" reason/,
    );
  });

  it('freezes the compiled set', () => {
    const compiled = compileRuleSet(set([rule({ id: 'a.ok' })]));
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(Object.isFrozen(compiled.rules)).toBe(true);
  });

  it('leaves disabled rules out', () => {
    const compiled = compileRuleSet(
      set([rule({ id: 'a.on' }), rule({ id: 'a.off', enabled: false })]),
    );
    expect(compiled.rules.map((r) => r.id)).toEqual(['a.on']);
  });
});

describe('createQualifier', () => {
  const qualify = (rules: RuleDataInput[], input: Record<string, unknown>) =>
    createQualifier([compileRuleSet(set(rules))]).qualify({
      channel: 'email',
      category: 'undefined',
      text: '',
      ...input,
    });

  it('lets the highest priority win', () => {
    const verdict = qualify(
      [
        rule({ id: 'a.low', priority: 1 }),
        rule({ id: 'a.high', priority: 5, type: 'soft', reason: 'mailbox_full' }),
      ],
      { text: 'user unknown' },
    );
    expect(verdict).toMatchObject({ ruleId: 'a.high', type: 'soft', ruleSetVersion: '1' });
  });

  it('breaks a priority tie by specificity, then by id', () => {
    const specific = rule({
      id: 'z.specific',
      match: { textContains: ['unknown'], status: ['5.1.1'] },
    });
    const loose = rule({ id: 'a.loose', type: 'soft' });
    expect(qualify([loose, specific], { text: 'unknown', status: '5.1.1' }).ruleId).toBe(
      'z.specific',
    );
    expect(
      qualify([rule({ id: 'b.two' }), rule({ id: 'a.one' })], { text: 'unknown' }).ruleId,
    ).toBe('a.one');
  });

  it('marks an unmatched text To qualify, soft, not defined, with the set version', () => {
    const verdict = qualify([rule({ id: 'a.one' })], { text: 'something new 123' });
    expect(verdict).toEqual({
      type: 'soft',
      reason: 'not_defined',
      normalizedText: 'something new #xxx#',
      toQualify: true,
      ruleSetVersion: '1',
    });
  });

  it('matches status and reply-code prefixes by component', () => {
    const rules = [rule({ id: 'a.class', match: { status: ['5.1'] } })];
    expect(qualify(rules, { status: '5.1.10' }).ruleId).toBe('a.class');
    expect(qualify(rules, { status: '5.10.1' }).toQualify).toBe(true);
    const reply = [rule({ id: 'a.reply', match: { replyCodes: ['55'] } })];
    expect(qualify(reply, { replyCode: '554' }).ruleId).toBe('a.reply');
    expect(qualify(reply, { replyCode: '450' }).toQualify).toBe(true);
  });

  it('matches a domain exactly or with its subdomains', () => {
    const rules = [
      rule({ id: 'a.exact', match: { domains: ['example.org'] } }),
      rule({ id: 'a.wild', priority: 5, match: { domains: ['*.example.net'] } }),
    ];
    expect(qualify(rules, { domain: 'Example.ORG' }).ruleId).toBe('a.exact');
    expect(qualify(rules, { domain: 'mail.example.org' }).toQualify).toBe(true);
    expect(qualify(rules, { domain: 'mail.example.net' }).ruleId).toBe('a.wild');
    expect(qualify(rules, { domain: 'example.net' }).ruleId).toBe('a.wild');
  });

  it('runs text regexes case-insensitively on the normalized text', () => {
    const rules = [rule({ id: 'a.re', match: { textRegex: '^550 \\* no such user$' } })];
    expect(qualify(rules, { text: '550 ann@example.org   NO SUCH USER' }).ruleId).toBe('a.re');
  });

  it('applies a provisional rule but keeps the text To qualify', () => {
    const verdict = qualify([rule({ id: 'a.prov', provisional: true })], { text: 'unknown' });
    expect(verdict).toMatchObject({ ruleId: 'a.prov', type: 'hard', toQualify: true });
  });

  it('only consults the sets of the input channel', () => {
    const sms = compileRuleSet({
      ...(set([rule({ id: 's.any', match: { textRegex: '.' } })]) as object),
      channel: 'sms',
      smsc: { default: { statusRegex: 'stat:(\\S+)', errorRegex: 'err:(\\S+)' } },
    });
    const verdict = createQualifier([sms]).qualify({
      channel: 'email',
      category: 'undefined',
      text: 'x',
    });
    expect(verdict.toQualify).toBe(true);
    expect(verdict.ruleSetVersion).toBeUndefined();
  });
});
