import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/parse/index.js';
import { fixture } from './helpers.js';

describe('RFC 3464 delivery status notifications', () => {
  it('gives one result per recipient group with folded fields unfolded', async () => {
    const parsed = await parseMessage(fixture('dsn-two-recipients.eml'), {
      correlationHeaders: ['X-Delivery-Id'],
    });
    expect(parsed.kind).toBe('bounce');
    expect(parsed.parser).toBe('rfc3464');
    expect(parsed.results).toHaveLength(2);
    const [alice, bob] = parsed.results;
    expect(alice).toMatchObject({
      recipient: 'alice@example.com',
      originalRecipient: 'alice@example.com',
      action: 'failed',
      status: '5.1.1',
      replyCode: '550',
      category: 'userunknown',
      remoteMta: 'mx.example.com',
      reportingMta: 'mx.example.net',
      eventTime: '2024-01-02T09:59:58.000Z',
      smtpCommand: 'RCPT',
    });
    expect(alice?.diagnostic).toContain('Recipient address rejected: User unknown');
    expect(bob).toMatchObject({
      recipient: 'bob@example.com',
      action: 'delayed',
      status: '4.2.2',
      category: 'mailboxfull',
    });
  });

  it('reads the original message id, List-Unsubscribe and correlation headers', async () => {
    const parsed = await parseMessage(fixture('dsn-two-recipients.eml'), {
      correlationHeaders: ['X-Delivery-Id'],
    });
    expect(parsed.original).toEqual({
      messageId: '<orig-42@example.org>',
      listUnsubscribe: '<mailto:unsub@return.example.org?subject=unsubscribe>',
      correlation: { 'x-delivery-id': 'd-12345' },
    });
  });

  it('decodes RFC 6533 utf-8 addresses in message/global-delivery-status', async () => {
    const parsed = await parseMessage(fixture('global-dsn.eml'));
    expect(parsed.results[0]).toMatchObject({
      recipient: 'jørgen@example.no',
      status: '5.2.2',
      category: 'mailboxfull',
    });
  });

  it('reports a success DSN as delivered', async () => {
    const raw = Buffer.from(
      [
        'From: postmaster@mx.example.net',
        'Subject: Delivered',
        'Content-Type: multipart/report; report-type=delivery-status; boundary=x',
        '',
        '--x',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.net',
        '',
        'Final-Recipient: rfc822; pat@example.com',
        'Action: delivered',
        'Status: 2.0.0',
        '--x--',
      ].join('\r\n'),
    );
    const parsed = await parseMessage(raw);
    expect(parsed.kind).toBe('delivered');
    expect(parsed.results[0]?.category).toBe('delivered');
  });
});
