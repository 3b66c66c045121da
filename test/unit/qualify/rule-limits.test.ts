import { describe, expect, it } from 'vitest';
import {
  RuleSetError,
  compileRuleSet,
  createQualifier,
  exactTextRegex,
  type RuleData,
  type RuleLimits,
} from '../../../src/qualify/index.js';
import { composeRuleSets, type TimedRule } from '../../../src/rule-sets/compose-rule-sets.js';
import { validateStaffRule } from '../../../src/rule-sets/validate-rule.js';
import { logBrokenRules } from '../../../src/rule-sets/live-rules.js';
import { pino } from 'pino';
import { AppError, QUALIFY_PATTERN_CODES } from '../../../src/errors.js';
import { loadConfig } from '../../../src/config.js';

const header = { name: 'email', channel: 'email' as const, version: '1.0' };
const headers = new Map([[header.name, header]]);
const small: RuleLimits = { maxPatternLength: 40, maxRegexRules: 2 };

function rule(id: string, textRegex: string, priority = 10, example = 'x') {
  return {
    id,
    priority,
    match: { textRegex },
    type: 'hard',
    reason: 'user_unknown',
    examples: [{ input: { text: example }, expect: { type: 'hard', reason: 'user_unknown' } }],
  };
}

function issuesOf(rules: unknown[], limits: RuleLimits) {
  try {
    compileRuleSet({ ...header, rules }, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSetError);
    return (error as RuleSetError).issues;
  }
  throw new Error('expected the rule set to be refused');
}

const stored = (data: unknown, i = 0): TimedRule => ({
  id: (data as { id: string }).id,
  ruleSet: 'email',
  origin: 'staff',
  editedByStaff: false,
  data: compileRuleSet({ ...header, rules: [data] }).data.rules[0] ?? (data as RuleData),
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
});

describe('rule pattern limits', () => {
  it('refuses a pattern longer than the limit, naming rule, field and code', () => {
    const issues = issuesOf([rule('a.long', `user (?:${'x'.repeat(40)})`)], small);
    expect(issues).toEqual([
      expect.objectContaining({
        ruleId: 'a.long',
        field: 'match.textRegex',
        code: 'QUALIFY_PATTERN_TOO_LONG',
      }),
    ]);
    expect(issues[0]?.message).toContain('RULE_MAX_PATTERN_LENGTH');
    // The default limit (4 KiB) takes it.
    expect(() =>
      compileRuleSet({ ...header, rules: [rule('a.long', 'x'.repeat(41))] }),
    ).not.toThrow();
  });

  it('refuses lookaround and backreferences with QUALIFY_PATTERN_INVALID (RE2 semantics)', () => {
    for (const source of ['user(?=x)', '(?<=a)b', '(a)\\1']) {
      const issues = issuesOf([rule('a.perl', source)], small);
      expect(issues[0]).toMatchObject({ ruleId: 'a.perl', code: 'QUALIFY_PATTERN_INVALID' });
      expect(issues[0]?.message).toMatch(/not a valid RE2 regex/);
    }
  });

  it('refuses the regex rules of lowest precedence past the count; exact texts do not count', () => {
    const issues = issuesOf(
      [
        rule('b.high', 'alpha', 30),
        rule('b.mid', 'beta', 20),
        rule('b.low', 'gamma', 10),
        rule('b.exact', exactTextRegex('550 mailbox gone'), 5),
      ],
      small,
    );
    expect(issues).toEqual([
      expect.objectContaining({ ruleId: 'b.low', code: 'QUALIFY_PATTERN_TOO_MANY' }),
    ]);
  });

  it('every issue code is in the registry of src/errors.ts', () => {
    expect(Object.keys(QUALIFY_PATTERN_CODES).sort()).toEqual([
      'QUALIFY_PATTERN_FAILED',
      'QUALIFY_PATTERN_INVALID',
      'QUALIFY_PATTERN_TOO_LONG',
      'QUALIFY_PATTERN_TOO_MANY',
    ]);
  });

  it('are read from the environment, with defaults of 4096 characters and 1,000 rules', () => {
    expect(loadConfig({}).ruleLimits).toEqual({ maxPatternLength: 4096, maxRegexRules: 1000 });
    expect(
      loadConfig({ RULE_MAX_PATTERN_LENGTH: '100', RULE_MAX_REGEX_RULES: '7' }).ruleLimits,
    ).toEqual({ maxPatternLength: 100, maxRegexRules: 7 });
    expect(() => loadConfig({ RULE_MAX_PATTERN_LENGTH: '0' })).toThrow(/RULE_MAX_PATTERN_LENGTH/);
  });
});

describe('the rule API validation path', () => {
  const problemOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    }
    throw new Error('expected a refusal');
  };

  it('answers a too-long pattern as API_BAD_REQUEST with the field and the code', () => {
    const data = rule('staff.long', 'x'.repeat(41), 10, 'x'.repeat(41));
    const error = problemOf(() => validateStaffRule('email', data, headers, { limits: small }));
    expect(error.code).toBe('API_BAD_REQUEST');
    expect(error.message).toMatch(/^match\.textRegex: QUALIFY_PATTERN_TOO_LONG: is 41 characters/);
    expect(error.details).toMatchObject({ codes: ['QUALIFY_PATTERN_TOO_LONG'] });
  });

  it('refuses a new regex rule when its staff set is full, but not an edit of one in it', () => {
    const full = composeRuleSets(
      headers,
      [stored(rule('staff.a', 'alpha'), 1), stored(rule('staff.b', 'beta'), 2)],
      [],
      small,
    ).ruleSets;
    const fresh = rule('staff.c', 'gamma', 10, 'gamma');
    const error = problemOf(() =>
      validateStaffRule('email', fresh, headers, { limits: small, inForce: full }),
    );
    expect(error.message).toContain('QUALIFY_PATTERN_TOO_MANY');
    expect(error.message).toContain('RULE_MAX_REGEX_RULES');
    const edit = rule('staff.b', 'beta|delta', 10, 'delta');
    expect(validateStaffRule('email', edit, headers, { limits: small, inForce: full }).id).toBe(
      'staff.b',
    );
  });
});

describe('a staff rule that no longer compiles', () => {
  it('is reported broken with its code and left out; the rest of its set stays in force', () => {
    // Stored before the engine (or a lowered limit) refused it.
    const bad: TimedRule = { ...stored(rule('staff.ok', 'alpha')), id: 'staff.bad' };
    bad.data = { ...bad.data, id: 'staff.bad', match: { textRegex: 'beta(?=x)' } };
    const composed = composeRuleSets(
      headers,
      [stored(rule('staff.ok', 'alpha'), 1), bad, stored(rule('staff.long', 'x'.repeat(45)), 2)],
      [],
      small,
    );
    expect(composed.broken).toEqual([
      expect.objectContaining({ id: 'staff.bad', code: 'QUALIFY_PATTERN_INVALID' }),
      expect.objectContaining({ id: 'staff.long', code: 'QUALIFY_PATTERN_TOO_LONG' }),
    ]);
    const qualifier = createQualifier(composed.ruleSets);
    const verdict = qualifier.qualify({ channel: 'email', category: 'undefined', text: 'alpha' });
    expect(verdict.ruleId).toBe('staff.ok');

    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ base: null }, { write: (line: string) => lines.push(JSON.parse(line)) });
    logBrokenRules(composed.broken, logger);
    expect(lines).toEqual([
      expect.objectContaining({ event: 'rules.rule.broken', id: 'staff.bad', level: 50 }),
      expect.objectContaining({ event: 'rules.rule.broken', id: 'staff.long' }),
    ]);
  });
});
