import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/parse/index.js';
import { categoryFromText } from '../../../src/parse/index.js';
import { fixture } from './helpers.js';

describe('free-text bounces', () => {
  it('reads each failed address of an Exim bounce with its own reply', async () => {
    const parsed = await parseMessage(fixture('exim-text.eml'));
    expect(parsed).toMatchObject({ kind: 'bounce', parser: 'vendor:exim' });
    expect(parsed.results.map((r) => [r.recipient, r.status, r.category])).toEqual([
      ['ivan@example.com', '5.1.1', 'userunknown'],
      ['judy@example.com', '5.2.2', 'mailboxfull'],
    ]);
    expect(parsed.original?.messageId).toBe('<orig-5@example.org>');
  });

  it('reads a qmail bounce and classifies a disabled account', async () => {
    const parsed = await parseMessage(fixture('qmail-text.eml'));
    expect(parsed).toMatchObject({ kind: 'bounce', parser: 'vendor:qmail' });
    expect(parsed.results[0]).toMatchObject({
      recipient: 'mallory@example.jp',
      replyCode: '554',
      category: 'suspend',
    });
  });

  it('decodes an ISO-2022-JP body', async () => {
    const parsed = await parseMessage(fixture('iso2022jp.eml'));
    expect(parsed.results[0]).toMatchObject({
      recipient: 'oscar@example.jp',
      status: '5.1.1',
      category: 'userunknown',
    });
    expect(parsed.results[0]?.diagnostic).toContain('ユーザが存在しません');
  });

  it.each([
    ['552 5.2.2 Mailbox full', 'mailboxfull'],
    [
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
      'blocked',
    ],
    [
      "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy",
      'authfailure',
    ],
    ['550 Message rejected because it looks like SPAM', 'spamdetected'],
    ['421 Too many concurrent connections from your IP', 'ratelimited'],
    ['554 relay access denied', 'norelaying'],
  ])('classifies %s as %s', (text, category) => {
    expect(categoryFromText(text)).toBe(category);
  });
});
