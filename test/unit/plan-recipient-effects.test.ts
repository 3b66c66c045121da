import { describe, expect, it } from 'vitest';
import {
  eventTimeOf,
  planRecipientEffects,
  withBounceTrust,
  type PlanContext,
} from '../../src/worker/plan-recipient-effects.js';
import type { ParsedMessage } from '../../src/parse/types.js';
import type { QualifyInput, Verdict } from '../../src/qualify/types.js';

const receivedAt = new Date('2026-11-20T12:00:00Z');

function context(overrides: Partial<PlanContext> = {}): PlanContext & { asked: QualifyInput[] } {
  const asked: QualifyInput[] = [];
  return {
    rcptTo: ['bounce@bounces.example.test'],
    receivedAt,
    fblAddresses: ['fbl@feedback.example.test'],
    qualify: (input): Verdict => {
      asked.push(input);
      const hard = input.status?.startsWith('5') ?? false;
      return {
        type: input.category === 'blocked' ? 'ignored' : hard ? 'hard' : 'soft',
        reason: hard ? 'user_unknown' : 'unreachable',
        normalizedText: input.text,
        toQualify: false,
        ruleId: 'test',
      };
    },
    asked,
    ...overrides,
  };
}

const bounce = (
  results: ParsedMessage['results'],
  extra: Partial<ParsedMessage> = {},
): ParsedMessage => ({ kind: 'bounce', results, ...extra });

describe('planRecipientEffects', () => {
  it('turns a 5.1.1 into a hard failure event at the report time, through the qualifier', () => {
    const ctx = context();
    const [effect] = planRecipientEffects(
      bounce([
        {
          recipient: 'a@example.org',
          status: '5.1.1',
          replyCode: '550',
          category: 'userunknown',
          diagnostic: 'no such user',
          eventTime: '2026-11-19T08:00:00Z',
        },
      ]),
      ctx,
    );
    expect(effect).toMatchObject({
      effect: 'applied',
      address: 'a@example.org',
      domain: 'example.org',
      policyEvent: { kind: 'failure', type: 'hard', reason: 'user_unknown' },
    });
    expect(effect?.eventTime.toISOString()).toBe('2026-11-19T08:00:00.000Z');
    expect(ctx.asked[0]).toMatchObject({
      channel: 'email',
      category: 'userunknown',
      status: '5.1.1',
      replyCode: '550',
      text: 'no such user',
      domain: 'example.org',
    });
  });

  it('records a sender-side refusal without touching the address', () => {
    const [effect] = planRecipientEffects(
      bounce([{ recipient: 'b@example.org', status: '5.7.1', category: 'blocked' }]),
      context(),
    );
    expect(effect?.effect).toBe('ignored');
    expect(effect?.policyEvent).toBeUndefined();
    expect(effect?.verdict?.type).toBe('ignored');
  });

  it('denylists on a complaint only when it came to an FBL address', () => {
    const complaint: ParsedMessage = {
      kind: 'complaint',
      results: [{ recipient: 'c@example.org', category: 'feedback', feedbackType: 'abuse' }],
    };
    expect(planRecipientEffects(complaint, context())[0]?.effect).toBe('untrusted');
    const trusted = planRecipientEffects(
      complaint,
      context({ rcptTo: ['FBL@feedback.example.test'] }),
    )[0];
    expect(trusted).toMatchObject({ effect: 'applied', policyEvent: { kind: 'complaint' } });
  });

  it('does not denylist on an authentication-failure report, a virus report or a not-spam vote', () => {
    for (const feedbackType of ['auth-failure', 'virus', 'not-spam']) {
      const report: ParsedMessage = {
        kind: 'complaint',
        results: [{ recipient: 'h@example.org', category: 'feedback', feedbackType }],
      };
      expect(
        planRecipientEffects(report, context({ rcptTo: ['fbl@feedback.example.test'] }))[0]?.effect,
        feedbackType,
      ).toBe('ignored');
    }
    const optOut: ParsedMessage = {
      kind: 'complaint',
      results: [{ recipient: 'h@example.org', category: 'feedback', feedbackType: 'opt-out' }],
    };
    expect(
      planRecipientEffects(optOut, context({ rcptTo: ['fbl@feedback.example.test'] }))[0]?.effect,
    ).toBe('applied');
  });

  it('never counts an auto-reply, and reports a success as delivered', () => {
    const vacation: ParsedMessage = {
      kind: 'autoreply',
      results: [{ recipient: 'd@example.org', category: 'vacation' }],
    };
    expect(planRecipientEffects(vacation, context())[0]?.effect).toBe('ignored');
    const delivered = planRecipientEffects(
      bounce([
        { recipient: 'e@example.org', action: 'delivered', status: '2.0.0', category: 'delivered' },
      ]),
      context(),
    )[0];
    expect(delivered?.policyEvent?.kind).toBe('delivered');
  });

  it('applies nothing from a bounce whose VERP token is forged', () => {
    const effects = planRecipientEffects(
      bounce([{ recipient: 'f@example.org', status: '5.1.1', category: 'userunknown' }], {
        verpForged: true,
      }),
      context(),
    );
    expect(effects.map((e) => e.effect)).toEqual(['forged']);
  });

  it('carries the delivery id of the VERP token before the copied header', () => {
    const [effect] = planRecipientEffects(
      bounce([{ recipient: 'g@example.org', status: '4.2.2', category: 'mailboxfull' }], {
        deliveryId: 'verp-7',
        original: { correlation: { 'x-delivery-id': 'hdr-9' } },
      }),
      context(),
    );
    expect(effect?.deliveryId).toBe('verp-7');
  });
});

describe('eventTimeOf', () => {
  it('falls back to the arrival time for a missing, invalid or far-future date', () => {
    const message: ParsedMessage = { kind: 'bounce', results: [] };
    expect(eventTimeOf({ recipient: 'x@y', category: 'undefined' }, message, receivedAt)).toEqual(
      receivedAt,
    );
    expect(
      eventTimeOf(
        { recipient: 'x@y', category: 'undefined', eventTime: 'garbage' },
        message,
        receivedAt,
      ),
    ).toEqual(receivedAt);
    expect(
      eventTimeOf(
        { recipient: 'x@y', category: 'undefined', eventTime: '2031-01-01T00:00:00Z' },
        message,
        receivedAt,
      ),
    ).toEqual(receivedAt);
    expect(
      eventTimeOf(
        { recipient: 'x@y', category: 'undefined' },
        { ...message, date: '2026-11-18T00:00:00Z' },
        receivedAt,
      ).toISOString(),
    ).toBe('2026-11-18T00:00:00.000Z');
  });
});

describe('bounce trust (UNSIGNED_BOUNCES)', () => {
  const hard = bounce([{ recipient: 'v@example.org', status: '5.1.1', category: 'userunknown' }]);
  const signed = { ...hard, verpSigned: true };

  it('marks a bounce that came on no valid VERP token, unless unsigned bounces apply', () => {
    expect(planRecipientEffects(hard, context())[0]?.unsigned).toBeUndefined();
    expect(planRecipientEffects(hard, context({ unsignedBounces: 'apply' }))[0]?.unsigned).toBe(
      undefined,
    );
    expect(planRecipientEffects(hard, context({ unsignedBounces: 'hold' }))[0]?.unsigned).toBe(
      'hold',
    );
    expect(planRecipientEffects(signed, context({ unsignedBounces: 'hold' }))[0]?.unsigned).toBe(
      undefined,
    );
  });

  it('holds an unsigned failure or success report, or only records it', () => {
    const success = bounce([
      { recipient: 'ok@example.org', action: 'delivered', status: '2.0.0', category: 'delivered' },
    ]);
    for (const message of [hard, success]) {
      const [held] = planRecipientEffects(message, context({ unsignedBounces: 'hold' }));
      expect(withBounceTrust(held!)).toMatchObject({ effect: 'applied', hold: 'unsigned_bounce' });
      const [recorded] = planRecipientEffects(message, context({ unsignedBounces: 'record' }));
      expect(withBounceTrust(recorded!)).toMatchObject({ effect: 'untrusted' });
      expect(withBounceTrust(recorded!).hold).toBeUndefined();
    }
    const [applied] = planRecipientEffects(signed, context({ unsignedBounces: 'hold' }));
    expect(withBounceTrust(applied!)).toMatchObject({ effect: 'applied' });
    expect(withBounceTrust(applied!).hold).toBeUndefined();
  });

  it('stores an unsigned ignored verdict as untrusted, so no re-qualification applies it', () => {
    const blocked = bounce([{ recipient: 'b@example.org', status: '5.7.1', category: 'blocked' }]);
    const [effect] = planRecipientEffects(blocked, context({ unsignedBounces: 'hold' }));
    expect(effect?.effect).toBe('ignored');
    expect(withBounceTrust(effect!).effect).toBe('untrusted');
  });

  it('leaves complaints and auto-replies to their own checks', () => {
    const complaint: ParsedMessage = {
      kind: 'complaint',
      results: [{ recipient: 'c@example.org', category: 'feedback', feedbackType: 'abuse' }],
    };
    const fbl = { rcptTo: ['fbl@feedback.example.test'], unsignedBounces: 'hold' as const };
    const [counted] = planRecipientEffects(complaint, context(fbl));
    expect(withBounceTrust(counted!)).toMatchObject({ effect: 'applied' });
    expect(withBounceTrust(counted!).hold).toBeUndefined();
    const [untrusted] = planRecipientEffects(
      complaint,
      context({ ...fbl, complaintTrusted: false }),
    );
    expect(untrusted?.effect).toBe('untrusted');
    const vacation: ParsedMessage = {
      kind: 'autoreply',
      results: [{ recipient: 'd@example.org', category: 'vacation' }],
    };
    const [reply] = planRecipientEffects(vacation, context({ unsignedBounces: 'record' }));
    expect(withBounceTrust(reply!).effect).toBe('ignored');
  });
});
