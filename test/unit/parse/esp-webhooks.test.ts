import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEspWebhook } from '../../../src/parse/esp/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/esp/${name}`, import.meta.url), 'utf8');
const options = { lowercaseLocalPart: true };

/** An SNS envelope around an SES notification, as SNS posts it (signature not checked here). */
function snsEnvelope(message: string, messageId = 'sns-message-1'): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:ses-feedback',
    Message: message,
    Timestamp: '2026-11-30T09:15:03.000Z',
    SignatureVersion: '2',
    Signature: 'unchecked',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem',
  });
}

describe('ESP webhook readers', () => {
  it('reads an SES permanent bounce with its diagnostic, status and correlation headers', () => {
    const reading = readEspWebhook(
      'ses',
      snsEnvelope(fixture('ses-bounce-permanent.json')),
      options,
    );
    expect(reading.unknownReason).toBeUndefined();
    expect(reading.events).toHaveLength(1);
    const [event] = reading.events;
    expect(event).toMatchObject({
      id: '0100018f1a2b3c4d-5e6f7a8b-1111-4c2d-9e3f-aaaaaaaaaaaa-000000:Gone.User@ses-bounce.example',
      kind: 'bounce',
      providerType: 'Permanent/General',
      correlation: { 'x-delivery-id': 'D-SES-1', 'x-profile-id': 'P-SES-1' },
      result: {
        recipient: 'gone.user@ses-bounce.example',
        status: '5.1.1',
        replyCode: '550',
        category: 'userunknown',
        eventTime: '2026-11-30T09:15:02.000Z',
      },
    });
    expect(event?.result.diagnostic).toMatch(/^550 5\.1\.1 .*User unknown/);
  });

  it('reads SES complaints and deliveries, and gives a text to an SES bounce that has none', () => {
    expect(
      readEspWebhook('ses', snsEnvelope(fixture('ses-complaint.json')), options).events[0],
    ).toMatchObject({
      kind: 'complaint',
      result: {
        recipient: 'annoyed@ses-complaint.example',
        category: 'feedback',
        feedbackType: 'abuse',
      },
    });
    expect(
      readEspWebhook('ses', snsEnvelope(fixture('ses-delivery.json')), options).events[0],
    ).toMatchObject({ kind: 'delivered', result: { category: 'delivered' } });
    const suppressed = JSON.parse(fixture('ses-bounce-permanent.json'));
    suppressed.bounce.bounceSubType = 'OnAccountSuppressionList';
    delete suppressed.bounce.bouncedRecipients[0].diagnosticCode;
    const [event] = readEspWebhook('ses', snsEnvelope(JSON.stringify(suppressed)), options).events;
    expect(event?.result).toMatchObject({
      category: 'suppressed',
      diagnostic: 'Amazon SES Permanent bounce (OnAccountSuppressionList)',
    });
  });

  it('marks a body that is not an SNS notification unparseable', () => {
    expect(readEspWebhook('ses', '{"Type":"Notification"}', options).unknownReason).toBeDefined();
    expect(readEspWebhook('sendgrid', '{"event":"bounce"}', options).unknownReason).toBeDefined();
    expect(readEspWebhook('postmark', '[]', options).unknownReason).toBeDefined();
    expect(readEspWebhook('mailgun', 'not json', options).unknownReason).toBeDefined();
  });

  it('maps SendGrid event types and skips engagement events', () => {
    const reading = readEspWebhook('sendgrid', fixture('sendgrid-events.json'), options);
    const byId = Object.fromEntries(reading.events.map((e) => [e.id, e]));
    expect(reading.skipped).toBe(1); // the open
    expect(byId['sg-bounce-event-0001']).toMatchObject({
      kind: 'bounce',
      providerType: 'bounce/bounce',
      correlation: { 'x-delivery-id': 'D-SG-1' },
      result: { category: 'userunknown', status: '5.1.1', action: 'failed' },
    });
    expect(byId['sg-blocked-event-0002']?.result.category).toBe('blocked');
    expect(byId['sg-spamreport-event-0003']?.kind).toBe('complaint');
    expect(byId['sg-delivered-event-0004']?.kind).toBe('delivered');
    expect(byId['sg-deferred-event-0005']?.result).toMatchObject({
      action: 'delayed',
      replyCode: '421',
    });
    expect(byId['sg-unsubscribe-event-0007']).toMatchObject({
      kind: 'unsubscribe',
      correlation: { 'x-profile-id': 'P-SG-7' },
    });
    expect(byId['sg-dropped-event-0008']?.result.category).toBe('suppressed');
    expect(byId['sg-dropped-event-0008']?.result.eventTime).toBe(
      new Date(1796200007_000).toISOString(),
    );
  });

  it('reads Postmark bounces, complaints and suppressions, keeping 64-bit ids exact', () => {
    const [bounce] = readEspWebhook(
      'postmark',
      fixture('postmark-hard-bounce.json'),
      options,
    ).events;
    expect(bounce).toMatchObject({
      id: '4323372036854775807',
      kind: 'bounce',
      providerType: 'HardBounce',
      correlation: { 'x-delivery-id': 'D-PM-1' },
      result: { recipient: 'missing@pm-bounce.example', category: 'userunknown', status: '5.1.1' },
    });
    expect(
      readEspWebhook('postmark', fixture('postmark-spam-complaint.json'), options).events[0],
    ).toMatchObject({ id: '42', kind: 'complaint' });
    const [change] = readEspWebhook(
      'postmark',
      fixture('postmark-subscription-change.json'),
      options,
    ).events;
    expect(change).toMatchObject({
      kind: 'unsubscribe',
      providerType: 'SubscriptionChange/ManualSuppression',
      correlation: { 'x-profile-id': 'P-PM-3' },
    });
    const reactivated = {
      ...JSON.parse(fixture('postmark-subscription-change.json')),
      SuppressSending: false,
    };
    expect(readEspWebhook('postmark', JSON.stringify(reactivated), options)).toMatchObject({
      events: [],
      skipped: 1,
    });
  });

  it('reads Mailgun failures by severity, complaints, and keys events by id and time', () => {
    const [failed] = readEspWebhook(
      'mailgun',
      fixture('mailgun-failed-permanent.json'),
      options,
    ).events;
    expect(failed).toMatchObject({
      id: 'G9Bn5sl1TC6nu79C8C0bwg:1796210000.123456',
      kind: 'bounce',
      providerType: 'failed/permanent/bounce',
      result: { category: 'userunknown', action: 'failed', status: '5.1.1', replyCode: '550' },
    });
    const temporary = JSON.parse(fixture('mailgun-failed-permanent.json'));
    temporary['event-data'].severity = 'temporary';
    const [delayed] = readEspWebhook('mailgun', JSON.stringify(temporary), options).events;
    expect(delayed?.result.action).toBe('delayed');
    expect(
      readEspWebhook('mailgun', fixture('mailgun-complained.json'), options).events[0],
    ).toMatchObject({ kind: 'complaint', result: { category: 'feedback' } });
  });
});
