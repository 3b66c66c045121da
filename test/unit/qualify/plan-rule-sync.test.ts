import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyRuleSyncPlan,
  checkRuleExamples,
  compileRuleSet,
  createQualifier,
  planRuleSync,
  promotedRuleId,
  ruleSetSchema,
} from '../../../src/qualify/index.js';
import type { KeepRow, RuleSetData, StoredRule } from '../../../src/qualify/index.js';

const load = (name: string): RuleSetData =>
  ruleSetSchema.parse(
    JSON.parse(readFileSync(new URL(`../../../rules/${name}.json`, import.meta.url), 'utf8')),
  );

const email = load('email');
const changed = (set: RuleSetData, id: string, priority: number): RuleSetData => ({
  ...set,
  version: `${set.version}-next`,
  rules: set.rules.map((rule) => (rule.id === id ? { ...rule, priority } : rule)),
});
const keep: KeepRow = {
  channel: 'email',
  normalizedText: '550 5.7.1 <*>: Recipient address rejected: Access denied. AS(#xxx#)',
  type: 'hard',
  reason: 'user_unknown',
};

describe('planRuleSync', () => {
  it('adds every rule of a first sync, as shipped rules', () => {
    const plan = planRuleSync([], email, []);
    expect(plan.added.map((r) => r.id)).toEqual(email.rules.map((r) => r.id));
    expect(plan.added.every((r) => r.origin === 'shipped' && !r.editedByStaff)).toBe(true);
    expect(plan.added[0]?.shippedVersion).toBe(email.version);
  });

  it('changes nothing the second time the same set is applied', () => {
    const first = planRuleSync([], email, [keep]);
    const stored = applyRuleSyncPlan([], first);
    const second = planRuleSync(stored, email, [keep]);
    expect(second.added).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.retired).toEqual([]);
    expect(second.promoted).toEqual([]);
    expect(second.conflicts).toEqual([]);
    expect(second.unchanged).toHaveLength(email.rules.length);
  });

  it('updates a shipped rule that the new set changed', () => {
    const stored = applyRuleSyncPlan([], planRuleSync([], email, []));
    const plan = planRuleSync(stored, changed(email, 'email.text.network', 125), []);
    expect(plan.updated.map((r) => [r.id, r.data.priority])).toEqual([['email.text.network', 125]]);
  });

  it('never overwrites a shipped rule staff edited, and reports the clash', () => {
    const stored: StoredRule[] = applyRuleSyncPlan([], planRuleSync([], email, [])).map((r) =>
      r.id === 'email.text.network'
        ? { ...r, editedByStaff: true, data: { ...r.data, type: 'ignored' } }
        : r,
    );
    const plan = planRuleSync(stored, changed(email, 'email.text.network', 125), []);
    expect(plan.updated).toEqual([]);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({ id: 'email.text.network', why: 'staff-edited' }),
    ]);
    const after = applyRuleSyncPlan(stored, plan);
    expect(after.find((r) => r.id === 'email.text.network')?.data.type).toBe('ignored');
  });

  it('never overwrites a rule staff created under the same id', () => {
    const staffRule: StoredRule = {
      id: 'email.text.network',
      ruleSet: 'email',
      origin: 'staff',
      editedByStaff: false,
      data: { ...email.rules[0]!, id: 'email.text.network' },
    };
    const plan = planRuleSync([staffRule], email, []);
    expect(plan.conflicts.map((c) => [c.id, c.why])).toEqual([
      ['email.text.network', 'staff-created'],
    ]);
    expect(plan.added.some((r) => r.id === 'email.text.network')).toBe(false);
  });

  it('retires shipped rules the set dropped, but not staff rules or other sets', () => {
    const stored = applyRuleSyncPlan([], planRuleSync([], email, [keep]));
    const smaller = { ...email, rules: email.rules.filter((r) => r.id !== 'email.sender.size') };
    const plan = planRuleSync(stored, smaller, []);
    expect(plan.retired.map((r) => r.id)).toEqual(['email.sender.size']);
    const other = planRuleSync(stored, load('sms'), []);
    expect(other.retired).toEqual([]);
  });

  it('promotes a Keep row once into a staff rule that decides that text', () => {
    const plan = planRuleSync([], email, [keep, keep, { ...keep, channel: 'sms' }]);
    expect(plan.promoted).toHaveLength(1);
    const rule = plan.promoted[0]!;
    expect(rule).toMatchObject({
      id: promotedRuleId('email', keep.normalizedText),
      origin: 'staff',
    });
    const set = compileRuleSet({ ...email, rules: applyRuleSyncPlan([], plan).map((r) => r.data) });
    expect(checkRuleExamples(set)).toEqual([]);
    const verdict = createQualifier([set]).qualify({
      channel: 'email',
      category: 'policyviolation',
      text: '550 5.7.1 <lee@example.com>: Recipient address rejected: Access denied. AS(201806281)',
    });
    expect(verdict).toMatchObject({ ruleId: rule.id, type: 'hard', reason: 'user_unknown' });
  });

  it('promotes SMS and push Keep rows with examples their qualifiers reproduce', () => {
    for (const [name, row] of [
      ['sms', { channel: 'sms', normalizedText: 'SR Acme UNDELIV 011|#MESSAGE#' }],
      ['push', { channel: 'push', normalizedText: 'PUSH apns TopicDisallowed' }],
    ] as const) {
      const set = load(name);
      const keepRow: KeepRow = { ...row, type: 'soft', reason: 'unreachable' };
      const plan = planRuleSync([], set, [keepRow]);
      const compiled = compileRuleSet({
        ...set,
        rules: applyRuleSyncPlan([], plan).map((r) => r.data),
      });
      expect({ name, failures: checkRuleExamples(compiled) }).toEqual({ name, failures: [] });
    }
  });

  it('gives different texts different promoted ids', () => {
    expect(promotedRuleId('email', 'a')).not.toBe(promotedRuleId('email', 'b'));
    expect(promotedRuleId('email', 'a')).not.toBe(promotedRuleId('sms', 'a'));
  });
});
