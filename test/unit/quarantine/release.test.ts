import { describe, expect, it } from 'vitest';
import {
  type AddressRecord,
  type ReleaseQuery,
  DEFAULT_POLICY_CONFIG,
  applyQuarantinePolicy,
  matchesReleaseQuery,
  planBulkRelease,
  releaseRecord,
  validateReleaseQuery,
} from '../../../src/quarantine/index.js';
import { day } from './helpers.js';

function rec(overrides: Partial<AddressRecord>): AddressRecord {
  return {
    address: 'bob@orange.fr',
    channel: 'email',
    status: 'quarantine',
    type: 'soft',
    reason: 'unreachable',
    errorCount: 5,
    errorText: '421 4.7.0 Service temporarily unavailable #xxx#',
    lastErrorAt: day(3),
    updatedAt: day(3),
    ...overrides,
  };
}

function valid(query: ReleaseQuery) {
  const result = validateReleaseQuery(query);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.query;
}

describe('validateReleaseQuery', () => {
  it('refuses an empty query that would release everything', () => {
    expect(validateReleaseQuery({})).toEqual({
      ok: false,
      problems: ['the query selects every record: add a criterion or set all: true'],
    });
  });

  it('refuses a query narrowed only by status and channel', () => {
    expect(validateReleaseQuery({ statuses: ['quarantine'], channel: 'sms' }).ok).toBe(false);
  });

  it('accepts releasing everything when asked with all: true', () => {
    expect(validateReleaseQuery({ all: true }).ok).toBe(true);
  });

  it('reports every problem at once', () => {
    const result = validateReleaseQuery({
      errorTextContains: '  ',
      domains: [],
      updatedFrom: day(5),
      updatedTo: day(1),
      reasons: [],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(4);
  });

  it('rejects unknown statuses and reasons from untyped input', () => {
    const result = validateReleaseQuery({
      statuses: ['gone' as never],
      reasons: ['nope' as never],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(['unknown status gone', 'unknown reason nope']);
  });

  it('normalizes domains', () => {
    expect(valid({ domains: [' @Orange.FR. '] }).domains).toEqual(['orange.fr']);
  });
});

describe('matchesReleaseQuery', () => {
  it('matches the error text without regard to case', () => {
    expect(matchesReleaseQuery(rec({}), valid({ errorTextContains: 'service TEMPORARILY' }))).toBe(
      true,
    );
    expect(matchesReleaseQuery(rec({}), valid({ errorTextContains: 'mailbox' }))).toBe(false);
  });

  it('matches the email domain exactly', () => {
    expect(matchesReleaseQuery(rec({}), valid({ domains: ['orange.fr'] }))).toBe(true);
    expect(
      matchesReleaseQuery(
        rec({ address: 'bob@mail.orange.fr' }),
        valid({ domains: ['orange.fr'] }),
      ),
    ).toBe(false);
  });

  it('never matches a phone number by domain', () => {
    expect(
      matchesReleaseQuery(
        rec({ address: '+33600000000', channel: 'sms' }),
        valid({ domains: ['orange.fr'] }),
      ),
    ).toBe(false);
  });

  it('matches the window of the last update, end excluded', () => {
    const query = valid({ updatedFrom: day(3), updatedTo: day(4) });
    expect(matchesReleaseQuery(rec({ updatedAt: day(3) }), query)).toBe(true);
    expect(matchesReleaseQuery(rec({ updatedAt: day(4) }), query)).toBe(false);
    expect(matchesReleaseQuery(rec({ updatedAt: day(2.9) }), query)).toBe(false);
  });

  it('selects Quarantine and With errors by default, never Denylisted unless named', () => {
    const query = valid({ domains: ['orange.fr'] });
    expect(matchesReleaseQuery(rec({ status: 'with_errors' }), query)).toBe(true);
    expect(matchesReleaseQuery(rec({ status: 'denylisted' }), query)).toBe(false);
    expect(
      matchesReleaseQuery(
        rec({ status: 'denylisted' }),
        valid({ domains: ['orange.fr'], statuses: ['denylisted'] }),
      ),
    ).toBe(true);
  });

  it('never selects a Valid address', () => {
    expect(
      matchesReleaseQuery(rec({ status: 'valid' }), valid({ all: true, statuses: ['valid'] })),
    ).toBe(false);
  });

  it('matches reasons and channel', () => {
    expect(
      matchesReleaseQuery(rec({}), valid({ reasons: ['unreachable'], channel: 'email' })),
    ).toBe(true);
    expect(matchesReleaseQuery(rec({}), valid({ reasons: ['user_unknown'] }))).toBe(false);
    expect(matchesReleaseQuery(rec({}), valid({ reasons: ['unreachable'], channel: 'sms' }))).toBe(
      false,
    );
  });

  it('requires every criterion', () => {
    const query = valid({ domains: ['orange.fr'], errorTextContains: 'mailbox' });
    expect(matchesReleaseQuery(rec({}), query)).toBe(false);
  });
});

describe('releaseRecord', () => {
  it('releases to Valid with a fresh series, audited with the actor', () => {
    const outcome = releaseRecord(rec({}), day(10), 'eve@staff');
    expect(outcome.record).toMatchObject({
      status: 'valid',
      errorCount: 0,
      statusSince: day(10),
      updatedAt: day(10),
    });
    expect(outcome.record.reason).toBeUndefined();
    expect(outcome.audit).toMatchObject({
      fromStatus: 'quarantine',
      toStatus: 'valid',
      cause: 'release',
      actor: 'eve@staff',
      at: day(10),
    });
    expect(outcome.event).toEqual({
      kind: 'manual',
      at: day(10),
      status: 'valid',
      actor: 'eve@staff',
    });
  });

  it('returns the event whose replay gives the same record', () => {
    const record = rec({});
    const outcome = releaseRecord(record, day(10), 'eve');
    const replayed = applyQuarantinePolicy(record, record, outcome.event!, DEFAULT_POLICY_CONFIG);
    expect(replayed.record).toEqual(outcome.record);
  });

  it('leaves a Valid address unchanged', () => {
    const outcome = releaseRecord(rec({ status: 'valid' }), day(10), 'eve');
    expect(outcome.changed).toBe(false);
    expect(outcome.event).toBeUndefined();
  });
});

describe('planBulkRelease', () => {
  it('shows what an ISP outage repair would release', () => {
    const records = [
      rec({ address: 'a@orange.fr' }),
      rec({
        address: 'b@orange.fr',
        reason: 'user_unknown',
        type: 'hard',
        errorText: '550 5.1.1 unknown',
      }),
      rec({ address: 'c@gmail.com' }),
      rec({ address: 'd@orange.fr', status: 'denylisted' }),
    ];
    const plan = planBulkRelease(
      records,
      valid({ domains: ['orange.fr'], errorTextContains: 'temporarily' }),
      day(5),
      'eve',
    );
    expect(plan.matched).toBe(1);
    expect(plan.outcomes.map((o) => o.record.address)).toEqual(['a@orange.fr']);
  });
});
