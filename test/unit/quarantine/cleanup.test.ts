import { describe, expect, it } from 'vitest';
import {
  type AddressRecord,
  DEFAULT_POLICY_CONFIG,
  planCleanup,
} from '../../../src/quarantine/index.js';
import { applyAll, complaint, day, delivered, hard, identity, soft } from './helpers.js';

const config = DEFAULT_POLICY_CONFIG;

function recordOf(events: Parameters<typeof applyAll>[0]): AddressRecord {
  const { record } = applyAll(events);
  if (!record) throw new Error('no record');
  return record;
}

const fiveMailboxFull = [0, 1, 2, 3, 4].map((d) => soft(day(d)));

describe('planCleanup', () => {
  it('returns With errors to Valid when the last soft error is more than 10 days old', () => {
    const outcome = planCleanup(recordOf([soft(day(0)), soft(day(1))]), day(11.01), config);
    expect(outcome.record).toMatchObject({
      status: 'valid',
      errorCount: 0,
      statusSince: day(11.01),
    });
    expect(outcome.audit).toMatchObject({
      fromStatus: 'with_errors',
      toStatus: 'valid',
      cause: 'cleanup_error_age',
      actor: 'system',
    });
  });

  it('keeps With errors while the last soft error is 10 days old or less', () => {
    const outcome = planCleanup(recordOf([soft(day(0)), soft(day(1))]), day(11), config);
    expect(outcome.changed).toBe(false);
  });

  it('measures the age from the last soft error, significant or not', () => {
    const outcome = planCleanup(recordOf([soft(day(0)), soft(day(0.5))]), day(10.2), config);
    expect(outcome.changed).toBe(false);
  });

  it('returns With errors to Valid after a delivery later than the last error', () => {
    const record: AddressRecord = { ...recordOf([soft(day(0))]), lastDeliveredAt: day(0.5) };
    const outcome = planCleanup(record, day(1), config);
    expect(outcome.record.status).toBe('valid');
    expect(outcome.audit?.cause).toBe('cleanup_delivered');
  });

  it('keeps With errors when the delivery came before the last error', () => {
    const record = recordOf([delivered(day(0)), soft(day(1))]);
    expect(planCleanup(record, day(2), config).changed).toBe(false);
  });

  it('lifts a Mailbox-full quarantine after 30 days', () => {
    const record = recordOf(fiveMailboxFull);
    expect(planCleanup(record, day(33.99), config).changed).toBe(false);
    const outcome = planCleanup(record, day(34), config);
    expect(outcome.record).toMatchObject({ status: 'valid', errorCount: 0 });
    expect(outcome.record.reason).toBeUndefined();
    expect(outcome.audit).toMatchObject({
      fromStatus: 'quarantine',
      toStatus: 'valid',
      cause: 'cleanup_mailbox_full',
    });
  });

  it('counts the 30 days from the last error received while in quarantine', () => {
    const record = recordOf([...fiveMailboxFull, soft(day(20))]);
    expect(planCleanup(record, day(40), config).changed).toBe(false);
    expect(planCleanup(record, day(50), config).record.status).toBe('valid');
  });

  it('counts the 30 days from a manual Mailbox-full quarantine, not from an older error', () => {
    const manualQuarantine = {
      kind: 'manual' as const,
      at: day(50),
      status: 'quarantine' as const,
      reason: 'mailbox_full' as const,
      actor: 'eve',
    };
    const record = recordOf([soft(day(0)), manualQuarantine]);
    expect(planCleanup(record, day(60), config).changed).toBe(false);
    expect(planCleanup(record, day(80), config).record.status).toBe('valid');
  });

  it('follows the configured release delay', () => {
    const record = recordOf(fiveMailboxFull);
    const outcome = planCleanup(record, day(11), { ...config, mailboxFullReleaseDays: 7 });
    expect(outcome.record.status).toBe('valid');
  });

  it('never lifts a quarantine for another reason', () => {
    const record = recordOf([0, 1, 2, 3, 4].map((d) => soft(day(d), 'unreachable')));
    expect(planCleanup(record, day(400), config).changed).toBe(false);
  });

  it('never lifts a hard quarantine, even with a later delivery', () => {
    const record = recordOf([hard(day(0)), delivered(day(1))]);
    expect(planCleanup(record, day(400), config).changed).toBe(false);
  });

  it('lifts a Mailbox-full quarantine whatever its type', () => {
    const record = recordOf([hard(day(5), 'mailbox_full')]);
    // PRODUCT.md lifts a quarantine *caused by* Mailbox full: the reason decides, not the type.
    expect(planCleanup(record, day(35), config).record.status).toBe('valid');
  });

  it('never lifts a Mailbox-full quarantine later proven User unknown', () => {
    const record = recordOf([...fiveMailboxFull, hard(day(5))]);
    expect(planCleanup(record, day(400), config).changed).toBe(false);
  });

  it('never lifts a denylisted address', () => {
    const record = recordOf([complaint(day(0)), delivered(day(1))]);
    expect(planCleanup(record, day(400), config).changed).toBe(false);
  });

  it('leaves valid and allowlisted addresses alone', () => {
    const valid: AddressRecord = { ...identity, status: 'valid', errorCount: 0, updatedAt: day(0) };
    expect(planCleanup(valid, day(400), config).changed).toBe(false);
    expect(planCleanup({ ...valid, status: 'allowlisted' }, day(400), config).changed).toBe(false);
  });

  it('does not move updatedAt backwards when run with an earlier now', () => {
    const record = recordOf(fiveMailboxFull);
    const outcome = planCleanup({ ...record, updatedAt: day(100) }, day(50), config);
    expect(outcome.record.updatedAt).toEqual(day(100));
  });
});
