import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkRuleExamples,
  compileRuleSet,
  qualifyPushFeedback,
  qualifySmsStatusReport,
} from '../../../src/qualify/index.js';

const load = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../rules/${name}.json`, import.meta.url), 'utf8'));
const sms = compileRuleSet(load('sms'));
const push = compileRuleSet(load('push'));

describe('qualifySmsStatusReport', () => {
  const report = (stat: string, err: string) =>
    `id:4471190 sub:001 dlvrd:001 submit date:2403011200 done date:2403011201 stat:${stat} err:${err} text:Your parcel is on its way`;

  it('writes the spec form SR <smsc> <status> <error>|#MESSAGE# and keeps the report as first text', () => {
    const result = qualifySmsStatusReport(report('DELIVRD', '000'), undefined, sms);
    expect(result.normalizedText).toBe('SR Generic DELIVRD 000|#MESSAGE#');
    expect(result.firstText).toMatch(/^SR Generic DELIVRD 000\|id:4471190 /);
  });

  it('treats a status beginning with DELIV as a success', () => {
    for (const stat of ['DELIVRD', 'DELIVERED', 'deliv']) {
      expect(qualifySmsStatusReport(report(stat, '0'), 'Acme', sms).delivered).toBe(true);
    }
  });

  it('makes any other unqualified status hard, Refused, still To qualify', () => {
    const result = qualifySmsStatusReport(report('UNDELIV', '011'), 'Acme', sms);
    expect(result.delivered).toBe(false);
    expect(result.verdict).toMatchObject({
      type: 'hard',
      reason: 'refused',
      toQualify: true,
      normalizedText: 'SR Acme UNDELIV 011|#MESSAGE#',
      ruleId: 'sms.unqualified',
    });
  });

  it('gives one key per SMSC, status and error, whatever the message text', () => {
    const a = qualifySmsStatusReport(report('REJECTD', '0x0B'), 'Acme', sms).normalizedText;
    const b = qualifySmsStatusReport(
      report('REJECTD', '0x0B').replace('parcel', 'code'),
      'Acme',
      sms,
    ).normalizedText;
    expect(a).toBe(b);
  });

  it('uses the SMSC own extractor when the set has one, and marks missing fields', () => {
    const custom = compileRuleSet({
      ...(load('sms') as object),
      smsc: {
        default: { statusRegex: 'stat:(\\w+)', errorRegex: 'err:(\\w+)' },
        'Other Co': { statusRegex: '"status":"(\\w+)"', errorRegex: '"code":(\\d+)' },
      },
    });
    const result = qualifySmsStatusReport('{"status":"DELIVERED","code":0}', 'Other Co', custom);
    expect(result.normalizedText).toBe('SR Other_Co DELIVERED 0|#MESSAGE#');
    expect(result.delivered).toBe(true);
    expect(qualifySmsStatusReport('garbage', 'Acme', custom).normalizedText).toBe(
      'SR Acme - -|#MESSAGE#',
    );
  });
});

describe('qualifyPushFeedback', () => {
  it('quarantines an unregistered token at once, without retry', () => {
    for (const [provider, code] of [
      ['apns', 'Unregistered'],
      ['fcm', 'UNREGISTERED'],
      ['fcm', 'NotRegistered'],
    ] as const) {
      const result = qualifyPushFeedback(provider, code, push);
      expect([result.verdict.type, result.verdict.reason, result.retry]).toEqual([
        'hard',
        'user_unknown',
        false,
      ]);
    }
  });

  it('retries FCM provider-side errors and never blames the token for them', () => {
    const result = qualifyPushFeedback('fcm', 'unavailable', push);
    expect(result).toMatchObject({ retry: true, verdict: { type: 'ignored', reason: 'refused' } });
    expect(result.normalizedText).toBe('PUSH fcm unavailable');
  });

  it('falls back to the provider default for an unknown code', () => {
    expect(qualifyPushFeedback('apns', 'BadDeviceToken', push).verdict).toMatchObject({
      type: 'soft',
      reason: 'refused',
      ruleId: 'push.apns.other',
    });
  });
});

describe('checkRuleExamples', () => {
  it('reports an example that a higher-priority rule shadows', () => {
    const data = load('sms') as { rules: Array<{ id: string; priority: number }> };
    const shadowed = {
      ...data,
      rules: data.rules.map((r) => (r.id === 'sms.unqualified' ? { ...r, priority: 500 } : r)),
    };
    const failures = checkRuleExamples(compileRuleSet(shadowed));
    expect(failures.map((f) => f.ruleId)).toContain('sms.delivered');
    expect(failures.find((f) => f.ruleId === 'sms.delivered')?.actual.ruleId).toBe(
      'sms.unqualified',
    );
  });
});
