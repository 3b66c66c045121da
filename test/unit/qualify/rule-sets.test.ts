import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/core/vocabulary.js';
import {
  checkRuleExamples,
  compileRuleSet,
  createQualifier,
  normalizeErrorText,
} from '../../../src/qualify/index.js';
import type { RuleSetData } from '../../../src/qualify/index.js';

const rulesDir = fileURLToPath(new URL('../../../rules/', import.meta.url));
const files = readdirSync(rulesDir).filter((f) => f.endsWith('.json'));
const load = (file: string): unknown => JSON.parse(readFileSync(rulesDir + file, 'utf8'));

describe('shipped rule sets', () => {
  it('ships the email, sms and push sets', () => {
    expect(files.sort()).toEqual(['email.json', 'push.json', 'sms.json']);
  });

  for (const file of files) {
    describe(file, () => {
      const set = compileRuleSet(load(file));

      it('validates and compiles', () => {
        expect(set.rules.length).toBeGreaterThan(0);
        expect(set.version).toMatch(/\S/);
      });

      it('decides every example of every rule as the example expects', () => {
        expect(checkRuleExamples(set)).toEqual([]);
      });

      it('has its version in rules/CHANGELOG.md', () => {
        const changelog = readFileSync(rulesDir + 'CHANGELOG.md', 'utf8');
        expect(changelog).toContain(`${set.name} ${set.version}`);
      });
    });
  }
});

describe('email defaults (PRODUCT.md table)', () => {
  const qualifier = createQualifier([compileRuleSet(load('email.json'))]);
  const byCategory = (category: (typeof CATEGORIES)[number]) =>
    qualifier.qualify({ channel: 'email', category, text: 'rejected' });

  it('gives every parser category except onhold and undefined a rule', () => {
    for (const category of CATEGORIES) {
      const verdict = byCategory(category);
      const expectToQualify = category === 'onhold' || category === 'undefined';
      expect({ category, toQualify: verdict.toQualify }).toEqual({
        category,
        toQualify: expectToQualify,
      });
    }
  });

  it('never quarantines an address for a sender-side refusal', () => {
    for (const category of [
      'blocked',
      'badreputation',
      'requireptr',
      'authfailure',
      'securityerror',
      'spamdetected',
      'virusdetected',
      'policyviolation',
      'contenterror',
      'notcompliantrfc',
      'emailtoolarge',
      'norelaying',
      'syntaxerror',
      'failedstarttls',
      'rejected',
      'ratelimited',
    ] as const) {
      expect({ category, type: byCategory(category).type }).toEqual({ category, type: 'ignored' });
    }
  });

  it('keeps a blocklist refusal ignored even when the parser said userunknown', () => {
    const verdict = qualifier.qualify({
      channel: 'email',
      category: 'userunknown',
      status: '5.7.1',
      text: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.org',
    });
    expect(verdict).toMatchObject({
      type: 'ignored',
      reason: 'refused',
      ruleId: 'email.sender.blocklist',
    });
  });

  it('makes a null-MX domain hard and an unknown host soft', () => {
    const nullMx = qualifier.qualify({
      channel: 'email',
      category: 'hostunknown',
      text: 'Domain example.net does not accept mail (nullMX)',
    });
    const unknown = qualifier.qualify({
      channel: 'email',
      category: 'hostunknown',
      text: 'Host or domain name not found',
    });
    expect([nullMx.type, nullMx.reason]).toEqual(['hard', 'invalid_domain']);
    expect([unknown.type, unknown.reason]).toEqual(['soft', 'invalid_domain']);
  });

  it('does not quarantine at once on a temporary "user unknown"', () => {
    const verdict = qualifier.qualify({
      channel: 'email',
      category: 'userunknown',
      status: '4.1.1',
      text: '450 4.1.1 <a@example.org>: Recipient address rejected: User unknown',
    });
    expect(verdict.type).toBe('soft');
  });

  it('returns the normalized text and the rule-set version in the verdict', () => {
    const verdict = qualifier.qualify({
      channel: 'email',
      category: 'mailboxfull',
      text: '552 5.2.2 <zoe@example.org>... Mailbox Full',
    });
    expect(verdict.normalizedText).toBe(
      normalizeErrorText('552 5.2.2 <x@example.com>... Mailbox Full'),
    );
    expect(verdict.ruleSetVersion).toBe((load('email.json') as RuleSetData).version);
  });
});
