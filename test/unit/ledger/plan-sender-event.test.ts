import { describe, expect, it } from 'vitest';
import { planSenderEvent, type SenderEvent } from '../../../src/ledger/plan-sender-event.js';
import type { QualifyInput, Verdict } from '../../../src/qualify/types.js';

const at = new Date('2024-04-01T10:00:00Z');
const seen: QualifyInput[] = [];
const qualify = (input: QualifyInput): Verdict => {
  seen.push(input);
  return {
    type: 'hard',
    reason: 'user_unknown',
    normalizedText: 'normalized',
    toQualify: false,
    ruleId: 'r-1',
  };
};
const base: SenderEvent = {
  id: 'e-1',
  channel: 'email',
  address: 'ann@example.com',
  kind: 'failed',
  at,
};

describe('planSenderEvent', () => {
  it('turns a delivered event into a delivery for the policy', () => {
    const planned = planSenderEvent({ ...base, kind: 'delivered', deliveryId: 'd-1' }, qualify);
    expect(planned.policyEvent).toEqual({ kind: 'delivered', at, deliveryId: 'd-1' });
    expect(planned.row).toMatchObject({
      externalId: 'e-1',
      kind: 'delivered',
      effect: 'applied',
      domain: 'example.com',
    });
  });

  it('qualifies a failure by its text, with the codes found in it', () => {
    seen.length = 0;
    const planned = planSenderEvent(
      { ...base, text: '550 5.1.1 <ann@example.com>: no such user' },
      qualify,
    );
    expect(seen[0]).toMatchObject({
      channel: 'email',
      status: '5.1.1',
      replyCode: '550',
      domain: 'example.com',
    });
    expect(planned.policyEvent).toMatchObject({
      kind: 'failure',
      type: 'hard',
      reason: 'user_unknown',
    });
    expect(planned.row).toMatchObject({
      failureType: 'hard',
      ruleId: 'r-1',
      normalizedText: 'normalized',
    });
  });

  it("lets the caller's type and reason win over the qualifier", () => {
    const planned = planSenderEvent(
      { ...base, type: 'soft', reason: 'mailbox_full', text: '550 5.1.1 x' },
      qualify,
    );
    expect(planned.policyEvent).toMatchObject({ type: 'soft', reason: 'mailbox_full' });
    expect(planned.row.ruleId).toBeNull();
  });

  it('records an ignored failure without a policy event', () => {
    const planned = planSenderEvent({ ...base, type: 'ignored', reason: 'refused' }, qualify);
    expect(planned.policyEvent).toBeUndefined();
    expect(planned.row.effect).toBe('ignored');
  });

  it('counts a failure without text as a soft error to qualify', () => {
    const planned = planSenderEvent({ ...base, kind: 'sync-error' }, qualify);
    expect(planned.verdict).toBeUndefined();
    expect(planned.policyEvent).toMatchObject({ type: 'soft', reason: 'not_defined' });
  });
});
