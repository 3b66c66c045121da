import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/parse/index.js';
import { fixture } from './helpers.js';

describe('complaints', () => {
  it('reads an RFC 5965 ARF report', async () => {
    const parsed = await parseMessage(fixture('arf-abuse.eml'), {
      correlationHeaders: ['x-delivery-id'],
    });
    expect(parsed.kind).toBe('complaint');
    expect(parsed.results).toEqual([
      {
        recipient: 'carol@isp.example',
        category: 'feedback',
        feedbackType: 'abuse',
        userAgent: 'ExampleFBL/1.0',
        sourceIp: '192.0.2.55',
        eventTime: '2024-01-03T11:58:00.000Z',
      },
    ]);
    expect(parsed.original?.correlation).toEqual({ 'x-delivery-id': 'd-777' });
  });

  it('reads an Amazon SES complaint notification', async () => {
    const parsed = await parseMessage(fixture('ses-complaint.eml'));
    expect(parsed).toMatchObject({ kind: 'complaint', parser: 'vendor:amazon-ses' });
    expect(parsed.results[0]).toMatchObject({
      recipient: 'dave@example.com',
      category: 'feedback',
      feedbackType: 'abuse',
    });
  });

  it('reads a Microsoft JMRP complaint from X-HmXmrOriginalRecipient', async () => {
    const parsed = await parseMessage(fixture('jmrp.eml'));
    expect(parsed).toMatchObject({ kind: 'complaint', parser: 'vendor:microsoft-jmrp' });
    expect(parsed.results[0]?.recipient).toBe('erin@outlook.example');
  });

  it('treats X-Apple-Unsubscribe as an opt-out complaint from the sender', async () => {
    const raw = Buffer.from(
      'From: Ann <ann@example.com>\r\nTo: unsub@return.example.org\r\nX-Apple-Unsubscribe: true\r\nSubject: unsubscribe\r\n\r\n',
    );
    const parsed = await parseMessage(raw);
    expect(parsed.kind).toBe('complaint');
    expect(parsed.results[0]).toMatchObject({
      recipient: 'ann@example.com',
      feedbackType: 'opt-out',
    });
  });
});
