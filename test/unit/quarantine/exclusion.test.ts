import { describe, expect, it } from 'vitest';
import {
  type AddressRecord,
  type ProfileDenylistEntry,
  explainExclusion,
  findProfileExclusion,
  profileDenylistKey,
} from '../../../src/quarantine/index.js';
import { applyAll, complaint, day, hard, identity, soft } from './helpers.js';

describe('explainExclusion', () => {
  it('does not exclude an address never seen', () => {
    expect(explainExclusion(undefined)).toEqual({ excluded: false, status: 'valid' });
  });

  it('excludes a quarantined address, with reason and since when', () => {
    const { record } = applyAll([soft(day(0)), hard(day(2))]);
    expect(explainExclusion(record)).toEqual({
      excluded: true,
      status: 'quarantine',
      reason: 'user_unknown',
      since: day(2),
    });
  });

  it('excludes a denylisted address', () => {
    const { record } = applyAll([complaint(day(1))]);
    expect(explainExclusion(record)).toMatchObject({
      excluded: true,
      status: 'denylisted',
      reason: 'refused',
    });
  });

  it('still targets an address with errors', () => {
    const { record } = applyAll([soft(day(0)), soft(day(1))]);
    expect(explainExclusion(record)).toEqual({
      excluded: false,
      status: 'with_errors',
      reason: 'mailbox_full',
      since: day(0),
    });
  });

  it('targets allowlisted and valid addresses', () => {
    const base: AddressRecord = {
      ...identity,
      status: 'allowlisted',
      errorCount: 0,
      updatedAt: day(4),
    };
    expect(explainExclusion(base)).toEqual({
      excluded: false,
      status: 'allowlisted',
      since: day(4),
    });
    expect(
      explainExclusion({ ...base, status: 'valid', reason: 'refused' }).reason,
    ).toBeUndefined();
  });
});

describe('profile denylist', () => {
  const entries: ProfileDenylistEntry[] = [
    { profileId: 'p1', channel: 'email', cause: 'unsubscribe', at: day(1) },
    { profileId: 'p2', channel: 'email', service: 'newsletter', cause: 'unsubscribe' },
  ];

  it('excludes every send on a channel for a channel-wide entry', () => {
    expect(
      findProfileExclusion(entries, { profileId: 'p1', channel: 'email', service: 'offers' }),
    ).toBe(entries[0]);
  });

  it('keeps the other channels of a denylisted profile', () => {
    expect(findProfileExclusion(entries, { profileId: 'p1', channel: 'sms' })).toBeUndefined();
  });

  it('excludes only the service unsubscribed from', () => {
    expect(
      findProfileExclusion(entries, { profileId: 'p2', channel: 'email', service: 'newsletter' }),
    ).toBe(entries[1]);
    expect(
      findProfileExclusion(entries, { profileId: 'p2', channel: 'email', service: 'offers' }),
    ).toBeUndefined();
    expect(findProfileExclusion(entries, { profileId: 'p2', channel: 'email' })).toBeUndefined();
  });

  it('keys an entry by profile, channel and service', () => {
    expect(profileDenylistKey(entries[0]!)).toBe('["p1","email",null]');
    expect(profileDenylistKey(entries[1]!)).toBe('["p2","email","newsletter"]');
  });
});
