import { describe, expect, it } from 'vitest';
import { planRecipientEffects } from '../../../src/worker/plan-recipient-effects.js';
import { policyEventFromRow } from '../../../src/ledger/policy-events-from-rows.js';
import { cleanupEventRow, manualEventRow } from '../../../src/ledger/manual-event-row.js';
import type { ParsedMessage } from '../../../src/parse/types.js';
import type { DeliveryEventRow } from '../../../src/store/event-repository.js';

const context = {
  rcptTo: ['unsubscribe@bounces.example.test'],
  receivedAt: new Date('2024-05-01T10:00:00Z'),
  fblAddresses: ['fbl@feedback.example.test'],
  qualify: () => {
    throw new Error('an unsubscribe is never qualified');
  },
};

function unsubscribeMessage(correlation?: Record<string, string>): ParsedMessage {
  return {
    kind: 'unsubscribe',
    parser: 'unsubscribe',
    results: [{ recipient: 'reader@example.com', category: 'feedback', action: 'unsubscribe' }],
    ...(correlation ? { original: { correlation } } : {}),
  };
}

function storedRow(row: ReturnType<typeof manualEventRow>, id: number): DeliveryEventRow {
  return {
    id,
    messageId: null,
    recipientIndex: 0,
    externalId: null,
    domain: '',
    category: null,
    status: null,
    replyCode: null,
    diagnostic: null,
    normalizedText: null,
    failureType: null,
    reason: null,
    ruleId: null,
    ruleSetVersion: null,
    deliveryId: null,
    profileId: null,
    actor: null,
    remoteMta: null,
    createdAt: new Date(),
    ...row,
  } as DeliveryEventRow;
}

describe('a mailto: unsubscribe', () => {
  it('denylists the profile for the channel, never the address', () => {
    const [effect] = planRecipientEffects(unsubscribeMessage({ 'x-profile-id': 'p-42' }), context);
    expect(effect).toMatchObject({
      effect: 'applied',
      profileId: 'p-42',
      profileDenylist: { profileId: 'p-42', channel: 'email' },
    });
    expect(effect?.policyEvent).toBeUndefined();
  });

  it('names the service when the message carries one', () => {
    const [effect] = planRecipientEffects(
      unsubscribeMessage({ 'x-profile-id': 'p-42', 'x-service': 'newsletter' }),
      context,
    );
    expect(effect?.profileDenylist).toEqual({
      profileId: 'p-42',
      channel: 'email',
      service: 'newsletter',
    });
  });

  it('opts the address out when no profile id came with it, never quarantining it', () => {
    const [effect] = planRecipientEffects(unsubscribeMessage(), context);
    expect(effect).toMatchObject({ effect: 'applied', addressOptOut: { channel: 'email' } });
    expect(effect?.profileDenylist).toBeUndefined();
    expect(effect?.policyEvent).toBeUndefined();
  });

  it('names the list of the original List-Id for an address opt-out', () => {
    const [effect] = planRecipientEffects(
      unsubscribeMessage({ 'list-id': 'Weekly News <Weekly.News.example.com>' }),
      context,
    );
    expect(effect?.addressOptOut).toEqual({ channel: 'email', service: 'weekly.news.example.com' });
  });
});

describe('stored staff and cleanup rows in a replay', () => {
  const at = new Date('2024-05-02T00:00:00Z');

  it('maps a manual row to a manual event with its actor', () => {
    const row = storedRow(
      manualEventRow({
        channel: 'email',
        address: 'a@example.com',
        status: 'valid',
        actor: 'alice',
        at,
        text: 'released',
      }),
      7,
    );
    expect(policyEventFromRow(row)).toEqual({
      kind: 'manual',
      at,
      eventId: '7',
      status: 'valid',
      actor: 'alice',
      text: 'released',
    });
  });

  it('reads the actor of older rows from remote_mta', () => {
    const row = storedRow(
      {
        ...manualEventRow({
          channel: 'email',
          address: 'a@example.com',
          status: 'quarantine',
          actor: 'x',
          at,
        }),
        actor: null,
        ruleId: null,
        remoteMta: 'bob',
      },
      8,
    );
    expect(policyEventFromRow(row)).toMatchObject({
      kind: 'manual',
      actor: 'bob',
      status: 'quarantine',
    });
  });

  it('maps a cleanup row to a cleanup event', () => {
    const row = storedRow(
      cleanupEventRow({ channel: 'email', address: 'a@example.com', status: 'valid', at }),
      9,
    );
    expect(policyEventFromRow(row)).toEqual({ kind: 'cleanup', at, eventId: '9' });
  });

  it('leaves unsubscribe rows out of the address replay', () => {
    const row = storedRow(
      {
        ...cleanupEventRow({ channel: 'email', address: 'a@example.com', status: 'valid', at }),
        kind: 'unsubscribe',
        status: null,
      },
      10,
    );
    expect(policyEventFromRow(row)).toBeUndefined();
  });
});
