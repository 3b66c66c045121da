import { describe, expect, it } from 'vitest';
import { composeRuleSets, type TimedRule } from '../../../src/rule-sets/compose-rule-sets.js';
import { validateStaffRule } from '../../../src/rule-sets/validate-rule.js';
import { createQualifier, type RuleData } from '../../../src/qualify/index.js';
import type { RuleSetHeader } from '../../../src/store/rule-set-version-repository.js';

// Issue 9: re2-wasm's heap is fixed and never freed, so after about 30 staff rules of 3 KB
// every new rule failed to compile ("Cannot enlarge memory arrays") and every match threw.
const RULES = 1_000;
const header: RuleSetHeader = { name: 'email', channel: 'email', version: '2025.1.0' };
const headers = new Map([[header.name, header]]);

/** Three letters for a number below 17,576. */
function tag(n: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return [676, 26, 1].map((unit) => letters[Math.floor(n / unit) % 26]).join('');
}

/** A deterministic word list, so every rule's alternation is its own pattern. */
function word(seed: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let n = seed * 7919 + 17; out.length < 7; n = Math.floor(n / 26) + out.length * 131) {
    out += letters[n % 26];
  }
  return out;
}

/** About 3 KB of alternation, each alternative tagged with the rule (letters: digits would be normalized away). */
function staffRule(index: number): { data: unknown; text: string } {
  const phrases: string[] = [];
  for (let j = 0; phrases.join('|').length < 3_000; j++) {
    phrases.push(`q${tag(index)}${tag(j)} ${word(index * 97 + j)} (?:refused|denied|blocked)`);
  }
  const text = `550 5.7.1 message q${tag(index)}${tag(3)} ${word(index * 97 + 3)} denied by policy`;
  return {
    text,
    data: {
      id: `staff.capacity.${index}`,
      priority: 500,
      match: { textRegex: `\\b(?:${phrases.join('|')})\\b` },
      type: 'ignored',
      reason: 'refused',
      examples: [{ input: { text }, expect: { type: 'ignored', reason: 'refused' } }],
    },
  };
}

describe('staff rules at scale', () => {
  // A generous bound (about 20 s on a loaded 2-core machine); the figures are in bench/.
  it(
    'compiles 1,000 staff rules of 3 KB one by one, and every one still matches its text',
    { timeout: 180_000 },
    () => {
      const at = new Date('2026-01-01T00:00:00Z');
      const stored: TimedRule[] = [];
      const texts: string[] = [];
      for (let i = 0; i < RULES; i++) {
        const { data, text } = staffRule(i);
        // As the API does on every create: validate (compile + run the rule's example).
        const rule: RuleData = validateStaffRule('email', data, headers);
        expect((rule.match.textRegex ?? '').length).toBeGreaterThan(2_900);
        stored.push({
          id: rule.id,
          ruleSet: 'email',
          origin: 'staff',
          editedByStaff: false,
          data: rule,
          updatedAt: at,
        });
        texts.push(text);
      }
      const composed = composeRuleSets(headers, stored, []);
      expect(composed.broken).toEqual([]);
      const staffSet = composed.ruleSets.find((set) => set.version.includes('+staff.'));
      expect(staffSet?.rules).toHaveLength(RULES);

      const qualifier = createQualifier(composed.ruleSets);
      for (const i of [0, 1, 499, 998, 999]) {
        const verdict = qualifier.qualify({
          channel: 'email',
          category: 'policyviolation',
          text: texts[i]!,
        });
        expect(verdict.ruleId).toBe(`staff.capacity.${i}`);
      }
      expect(
        qualifier.qualify({ channel: 'email', category: 'undefined', text: 'nothing alike' }),
      ).toMatchObject({ toQualify: true });
    },
  );
});
