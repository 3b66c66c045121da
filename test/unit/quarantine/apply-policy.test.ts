import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_CONFIG,
  type AddressRecord,
  applyQuarantinePolicy,
} from '../../../src/quarantine/index.js';
import {
  applyAll,
  complaint,
  day,
  delivered,
  hard,
  identity,
  ignored,
  manual,
  soft,
} from './helpers.js';

const allowlisted: AddressRecord = {
  ...identity,
  status: 'allowlisted',
  errorCount: 0,
  updatedAt: day(0),
};

describe('hard errors', () => {
  it('quarantines at once with the reason and the error text', () => {
    const { record, outcomes } = applyAll([hard(day(0))]);
    expect(record).toMatchObject({
      status: 'quarantine',
      type: 'hard',
      reason: 'user_unknown',
      errorText: 'hard user_unknown',
      firstErrorAt: day(0),
      lastErrorAt: day(0),
      statusSince: day(0),
      updatedAt: day(0),
    });
    expect(outcomes[0]?.audit).toEqual({
      ...identity,
      fromStatus: null,
      toStatus: 'quarantine',
      reason: 'user_unknown',
      cause: 'hard_error',
      at: day(0),
      actor: 'system',
    });
  });

  it('quarantines an address that was counting soft errors', () => {
    const { record, outcomes } = applyAll([soft(day(0)), soft(day(1)), hard(day(2))]);
    expect(record?.status).toBe('quarantine');
    expect(outcomes[2]?.audit?.fromStatus).toBe('with_errors');
  });

  it('takes over the reason of a Mailbox-full quarantine so cleanup no longer lifts it', () => {
    const { record, outcomes } = applyAll(
      [0, 1, 2, 3, 4].map((d) => soft(day(d))).concat(hard(day(6))),
    );
    expect(record).toMatchObject({ status: 'quarantine', type: 'hard', reason: 'user_unknown' });
    expect(outcomes[5]?.audit).toMatchObject({ fromStatus: 'quarantine', toStatus: 'quarantine' });
  });

  it('keeps the error data of the delivery that failed', () => {
    const event = { ...hard(day(0)), deliveryId: 'DLV-42' };
    const { record } = applyAll([event]);
    expect(record?.lastDeliveryId).toBe('DLV-42');
  });
});

describe('soft errors', () => {
  it('sets With errors and counts the first soft error', () => {
    const { record, outcomes } = applyAll([soft(day(0))]);
    expect(record).toMatchObject({
      status: 'with_errors',
      errorCount: 1,
      type: 'soft',
      reason: 'mailbox_full',
    });
    expect(outcomes[0]?.audit).toMatchObject({
      fromStatus: null,
      toStatus: 'with_errors',
      cause: 'soft_error',
    });
  });

  it('quarantines after the fifth significant soft error', () => {
    const { record, outcomes } = applyAll([0, 1, 2, 3, 4].map((d) => soft(day(d))));
    expect(record).toMatchObject({ status: 'quarantine', errorCount: 5, reason: 'mailbox_full' });
    expect(outcomes.map((o) => o.record.status)).toEqual([
      'with_errors',
      'with_errors',
      'with_errors',
      'with_errors',
      'quarantine',
    ]);
    expect(outcomes[4]?.audit?.cause).toBe('soft_error_threshold');
  });

  it('does not count a second soft error within the period', () => {
    const { record, outcomes } = applyAll([soft(day(0)), soft(day(0.5)), soft(day(0.99))]);
    expect(record).toMatchObject({
      errorCount: 1,
      lastSignificantErrorAt: day(0),
      lastErrorAt: day(0.99),
    });
    expect(outcomes[1]?.audit).toBeUndefined();
  });

  it('counts an error exactly one period after the previous significant one', () => {
    const { record } = applyAll([soft(day(0)), soft(day(1))]);
    expect(record?.errorCount).toBe(2);
  });

  it('measures the period from the last significant error, not the last error', () => {
    // 0 counts, 0.9 does not, 1.0 counts (1 day after 0, though only 0.1 after 0.9).
    const { record } = applyAll([soft(day(0)), soft(day(0.9)), soft(day(1))]);
    expect(record?.errorCount).toBe(2);
  });

  it('never quarantines on retries inside one day, however many', () => {
    const retries = Array.from({ length: 50 }, (_, i) => soft(day(i / 60)));
    const { record } = applyAll(retries);
    expect(record).toMatchObject({ status: 'with_errors', errorCount: 1 });
  });

  it('restarts the counter after 10 days', () => {
    const { record } = applyAll([soft(day(0)), soft(day(1)), soft(day(2)), soft(day(12.5))]);
    expect(record).toMatchObject({ status: 'with_errors', errorCount: 1, firstErrorAt: day(12.5) });
  });

  it('keeps counting when the last significant error is exactly 10 days old', () => {
    const { record } = applyAll([soft(day(0)), soft(day(10))]);
    expect(record?.errorCount).toBe(2);
  });

  it('needs five significant errors without a 10-day gap to quarantine', () => {
    const events = [0, 1, 2, 3, 14, 15, 16, 17].map((d) => soft(day(d)));
    const { record } = applyAll(events);
    expect(record).toMatchObject({ status: 'with_errors', errorCount: 4 });
  });

  it('replays months of weekly soft errors without ever quarantining', () => {
    const events = Array.from({ length: 26 }, (_, week) => soft(day(week * 11)));
    const { record } = applyAll(events);
    expect(record).toMatchObject({ status: 'with_errors', errorCount: 1 });
  });

  it('follows the configured threshold and period', () => {
    const config = {
      ...DEFAULT_POLICY_CONFIG,
      softErrorThreshold: 2,
      significantErrorPeriodSeconds: 60,
    };
    let record: AddressRecord | undefined;
    for (const at of [day(0), new Date(day(0).getTime() + 60_000)]) {
      record = applyQuarantinePolicy(record, identity, soft(at), config).record;
    }
    expect(record?.status).toBe('quarantine');
  });

  it('records a soft error on a quarantined address without changing its status', () => {
    const events = [0, 1, 2, 3, 4].map((d) => soft(day(d)));
    const { record, outcomes } = applyAll([...events, soft(day(20), 'unreachable')]);
    expect(record).toMatchObject({
      status: 'quarantine',
      reason: 'mailbox_full',
      errorCount: 5,
      lastErrorAt: day(20),
    });
    expect(outcomes[5]?.audit).toBeUndefined();
  });
});

describe('ignored errors', () => {
  it('changes nothing on a new address', () => {
    const outcome = applyQuarantinePolicy(
      undefined,
      identity,
      ignored(day(0)),
      DEFAULT_POLICY_CONFIG,
    );
    expect(outcome.changed).toBe(false);
    expect(outcome.audit).toBeUndefined();
  });

  it('changes nothing on an address with errors', () => {
    const { record } = applyAll([soft(day(0))]);
    const outcome = applyQuarantinePolicy(record, identity, ignored(day(3)), DEFAULT_POLICY_CONFIG);
    expect(outcome).toEqual({ record, changed: false });
  });
});

describe('complaints', () => {
  it('denylists the address at once', () => {
    const { record, outcomes } = applyAll([complaint(day(0))]);
    expect(record).toMatchObject({
      status: 'denylisted',
      reason: 'refused',
      errorText: 'abuse report',
    });
    expect(outcomes[0]?.audit).toMatchObject({
      fromStatus: null,
      toStatus: 'denylisted',
      cause: 'complaint',
    });
  });

  it('denylists only this address on this channel', () => {
    const { record } = applyAll([complaint(day(0))]);
    expect(record).toMatchObject({ address: 'ann@example.com', channel: 'email' });
  });

  it('denylists a quarantined address', () => {
    const { record } = applyAll([hard(day(0)), complaint(day(1))]);
    expect(record?.status).toBe('denylisted');
  });

  it('denylists even an allowlisted address', () => {
    const outcome = applyQuarantinePolicy(
      allowlisted,
      identity,
      complaint(day(1)),
      DEFAULT_POLICY_CONFIG,
    );
    expect(outcome.record.status).toBe('denylisted');
  });

  it('changes nothing when the address is already denylisted', () => {
    const { outcomes } = applyAll([complaint(day(0)), complaint(day(2))]);
    expect(outcomes[1]?.changed).toBe(false);
  });

  it('keeps a denylisted address denylisted whatever errors follow', () => {
    const { record } = applyAll([complaint(day(0)), hard(day(1)), soft(day(2))]);
    expect(record?.status).toBe('denylisted');
  });
});

describe('successful deliveries', () => {
  it('returns With errors to Valid with a fresh counter', () => {
    const { record, outcomes } = applyAll([soft(day(0)), soft(day(1)), delivered(day(2))]);
    expect(record).toMatchObject({ status: 'valid', errorCount: 0, lastDeliveredAt: day(2) });
    expect(record?.lastSignificantErrorAt).toBeUndefined();
    expect(outcomes[2]?.audit).toMatchObject({
      fromStatus: 'with_errors',
      toStatus: 'valid',
      cause: 'delivered',
    });
  });

  it('starts counting from one after a delivery', () => {
    const { record } = applyAll([soft(day(0)), soft(day(1)), delivered(day(1.5)), soft(day(1.6))]);
    expect(record).toMatchObject({ status: 'with_errors', errorCount: 1 });
  });

  it('never lifts a quarantine', () => {
    const { record } = applyAll([hard(day(0)), delivered(day(1))]);
    expect(record).toMatchObject({ status: 'quarantine', lastDeliveredAt: day(1) });
  });

  it('never lifts a denylisting', () => {
    const { record } = applyAll([complaint(day(0)), delivered(day(1))]);
    expect(record?.status).toBe('denylisted');
  });

  it('records the delivery of a valid address without an audit entry', () => {
    const { record, outcomes } = applyAll([delivered(day(1))]);
    expect(record).toMatchObject({ status: 'valid', lastDeliveredAt: day(1) });
    expect(outcomes[0]?.audit).toBeUndefined();
  });

  it('ignores a delivery older than the one recorded', () => {
    const { outcomes } = applyAll([delivered(day(2)), delivered(day(1))]);
    expect(outcomes[1]?.changed).toBe(false);
  });

  it('does not clear an error later than the delivery', () => {
    const { record } = applyAll([soft(day(1)), delivered(day(0.5))]);
    expect(record?.status).toBe('with_errors');
  });
});

describe('allowlisted addresses', () => {
  it('ignore hard errors', () => {
    const outcome = applyQuarantinePolicy(
      allowlisted,
      identity,
      hard(day(1)),
      DEFAULT_POLICY_CONFIG,
    );
    expect(outcome).toEqual({ record: allowlisted, changed: false });
  });

  it('ignore any number of soft errors', () => {
    const { record } = applyAll(
      [0, 1, 2, 3, 4, 5, 6].map((d) => soft(day(d))),
      allowlisted,
    );
    expect(record).toEqual(allowlisted);
  });
});

describe('manual updates', () => {
  it('sets the status and audits it with the actor', () => {
    const { record, outcomes } = applyAll([hard(day(0)), manual(day(1), 'valid', 'eve@staff')]);
    expect(record).toMatchObject({ status: 'valid', errorCount: 0 });
    expect(record?.reason).toBeUndefined();
    expect(outcomes[1]?.audit).toMatchObject({
      fromStatus: 'quarantine',
      toStatus: 'valid',
      cause: 'manual',
      actor: 'eve@staff',
      at: day(1),
    });
  });

  it('audits a manual edit that keeps the status', () => {
    const { outcomes } = applyAll([hard(day(0)), manual(day(1), 'quarantine')]);
    expect(outcomes[1]?.audit).toMatchObject({
      fromStatus: 'quarantine',
      toStatus: 'quarantine',
      actor: 'staff@rebound',
    });
  });

  it('starts a fresh series after a release so one soft error does not quarantine again', () => {
    const events = [0, 1, 2, 3, 4].map((d) => soft(day(d)));
    const { record } = applyAll([...events, manual(day(5), 'valid'), soft(day(6))]);
    expect(record).toMatchObject({ status: 'with_errors', errorCount: 1 });
  });

  it('allowlists an address, which then ignores errors', () => {
    const { record } = applyAll([manual(day(0), 'allowlisted'), hard(day(1))]);
    expect(record?.status).toBe('allowlisted');
  });

  it('quarantines an address by hand with a reason and text', () => {
    const event = {
      kind: 'manual' as const,
      at: day(0),
      status: 'quarantine' as const,
      reason: 'bad_quality_address' as const,
      text: 'seed trap',
      actor: 'eve',
    };
    const { record } = applyAll([event]);
    expect(record).toMatchObject({
      status: 'quarantine',
      reason: 'bad_quality_address',
      errorText: 'seed trap',
    });
  });
});

describe('event time', () => {
  it('uses the time of the event, not of processing, for every date', () => {
    const { record } = applyAll([soft(day(3)), soft(day(4))]);
    expect(record).toMatchObject({ firstErrorAt: day(3), lastErrorAt: day(4), updatedAt: day(4) });
  });

  it('never moves updatedAt backwards on a late event', () => {
    const { record } = applyAll([soft(day(5)), hard(day(1))]);
    expect(record?.updatedAt).toEqual(day(5));
    expect(record?.lastErrorAt).toEqual(day(5));
  });
});
