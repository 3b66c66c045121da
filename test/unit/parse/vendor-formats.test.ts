import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/parse/index.js';
import { fixture } from './helpers.js';

const vendor = (name: string) => fixture(`vendors/${name}`);

async function summary(name: string) {
  const parsed = await parseMessage(vendor(name));
  return {
    kind: parsed.kind,
    parser: parsed.parser,
    recipients: parsed.results.map((r) => r.recipient),
    parsed,
  };
}

describe('vendor formats', () => {
  it('reads the RCPT TO line of an Apache James notice and the error stated above it', async () => {
    const { kind, parser, recipients, parsed } = await summary('apache-james.eml');
    expect({ kind, parser, recipients }).toEqual({
      kind: 'bounce',
      parser: 'vendor:apache-james',
      recipients: ['5550100@sms.example.net'],
    });
    expect(parsed.results[0]).toMatchObject({ replyCode: '550', category: 'userunknown' });
  });

  it('reads an au/KDDI notice: "Could not be delivered to:"', async () => {
    const { parser, recipients, parsed } = await summary('au-kddi.eml');
    expect(parser).toBe('vendor:au-kddi');
    expect(recipients).toEqual(['hanako@mobile.example.jp']);
    expect(parsed.results[0]?.category).toBe('mailboxfull');
  });

  it('names the list of an fml refusal, not its control address', async () => {
    const { kind, parser, recipients } = await summary('fml-not-member.eml');
    expect({ kind, parser, recipients }).toEqual({
      kind: 'bounce',
      parser: 'vendor:fml',
      recipients: ['cats@example.net'],
    });
  });

  it('accepts a postmaster mailbox as the failed recipient under "had delivery problems"', async () => {
    const { parser, recipients, parsed } = await summary('japanese-isp.eml');
    expect(parser).toBe('vendor:delivery-problems');
    expect(recipients).toEqual(['taro@isp.example.ne.jp']);
    expect(parsed.results[0]?.category).toBe('mailboxfull');
  });

  it('reads every summary line of a Sendmail V5 transcript', async () => {
    const { parser, parsed } = await summary('sendmail-v5.eml');
    expect(parser).toBe('vendor:sendmail');
    expect(parsed.results.map((r) => [r.recipient, r.replyCode, r.category])).toEqual([
      ['alice@example.net', '554', 'hostunknown'],
      ['bob@example.com', '550', 'userunknown'],
    ]);
  });

  it('reads a Postfix SMTP server notice: RCPT TO recipient, first failing reply', async () => {
    const { parser, recipients, parsed } = await summary('postfix-smtpd-notice.eml');
    expect(parser).toBe('vendor:postfix-smtpd-notice');
    expect(recipients).toEqual(['carol@example.com']);
    expect(parsed.results[0]).toMatchObject({
      status: '4.3.1',
      replyCode: '452',
      action: 'delayed',
    });
  });

  it('reads the DSN attached to a gateway notice', async () => {
    const { parser, recipients, parsed } = await summary('forwarded-dsn.eml');
    expect(parser).toBe('vendor:forwarded-dsn');
    expect(recipients).toEqual(['dave@example.net']);
    expect(parsed.results[0]).toMatchObject({ status: '5.1.1', category: 'userunknown' });
  });

  it('reads the address inside a DragonFly sentence, even a postmaster', async () => {
    const { parser, recipients, parsed } = await summary('dragonfly.eml');
    expect(parser).toBe('vendor:dragonfly');
    expect(recipients).toEqual(['postmaster@nohost.example.net']);
    expect(parsed.results[0]?.diagnostic).toContain('DNS lookup failure');
  });

  it('takes the bracketed address of an Exim malformed-address notice', async () => {
    const { parser, recipients } = await summary('exim-malformed.eml');
    expect({ parser, recipients }).toEqual({
      parser: 'vendor:exim',
      recipients: ['frank@example.net'],
    });
  });

  it('keeps to X-Failed-Recipients and ignores the "sent by" address of an Exim bounce', async () => {
    const { recipients } = await summary('exim-sent-by.eml');
    expect(recipients).toEqual(['grace@example.net']);
  });

  it('reports a qmail failure for a message the sender sent to itself', async () => {
    const { parser, recipients, parsed } = await summary('qmail-to-self.eml');
    expect({ parser, recipients }).toEqual({
      parser: 'vendor:qmail',
      recipients: ['ivan@example.jp'],
    });
    expect(parsed.results[0]?.category).toBe('mailboxfull');
  });
});

describe('addresses and MIME in vendor bounces', () => {
  it('drops a source route and falls back to the Original-Recipient', async () => {
    const parsed = await parseMessage(vendor('source-route-dsn.eml'));
    expect(parsed.results.map((r) => r.recipient)).toEqual(['judy@example.net']);
  });

  it('finds the recipient and Message-ID of a multipart original when the DSN names none', async () => {
    const parsed = await parseMessage(vendor('report-unavailable.eml'));
    expect(parsed.kind).toBe('bounce');
    expect(parsed.results.map((r) => r.recipient)).toEqual(['kate@example.com']);
    expect(parsed.original?.messageId).toBe('<orig-unavail@example.org>');
  });

  it('reads "address<mailto:address>" whole, with a Content-Type folded without its semicolon', async () => {
    const parsed = await parseMessage(vendor('ndr-mailto.eml'));
    expect(parsed.results.map((r) => [r.recipient, r.status])).toEqual([
      ['leo@example.com', '5.1.10'],
    ]);
  });

  it('keeps the quotes of a quoted local part', async () => {
    const raw = Buffer.from(
      'From: MAILER-DAEMON@mx.example.org\nTo: news@example.org\nSubject: Undelivered Mail Returned to Sender\n\n' +
        'This is the mail system at host mx.example.org.\n\n<"mia..x"@example.com>: host mx.example.com[192.0.2.3] said: 550 5.1.1 User unknown (in reply to RCPT TO command)\n',
    );
    const parsed = await parseMessage(raw);
    expect(parsed.results.map((r) => r.recipient)).toEqual(['"mia..x"@example.com']);
  });
});

describe('enterprise mail servers and gateways', () => {
  it.each([
    [
      'exchange-2010-ndr.eml',
      'vendor:microsoft-ndr',
      'nina@corp.example.com',
      '5.1.1',
      'userunknown',
    ],
    ['exchange-2003.eml', 'vendor:exchange-2003', 'oliver@example.com', '5.1.1', 'userunknown'],
    ['domino.eml', 'vendor:domino', 'paul@example.jp', '5.1.1', 'userunknown'],
    ['lotus-notes.eml', 'vendor:lotus-notes', 'quinn@notes.example.com', '5.1.1', 'userunknown'],
    ['groupwise.eml', 'vendor:groupwise', 'rita@gw.example.com', '5.1.1', 'userunknown'],
    ['courier.eml', 'vendor:courier', 'sam@example.co.jp', '5.1.1', 'userunknown'],
    ['interscan-mss.eml', 'vendor:interscan-mss', 'tina@example.co.jp', '5.1.1', 'userunknown'],
    ['mailmarshal.eml', 'vendor:mailmarshal', 'victor@mm.example.com', '5.2.2', 'mailboxfull'],
    ['mcafee.eml', 'vendor:delivery-problems', 'wendy@example.jp', '5.1.1', 'userunknown'],
  ])('reads %s with %s', async (file, parser, recipient, status, category) => {
    const parsed = await parseMessage(vendor(file));
    expect(parsed).toMatchObject({ kind: 'bounce', parser });
    expect(parsed.results.map((r) => [r.recipient, r.status, r.category])).toEqual([
      [recipient, status, category],
    ]);
  });

  it('keeps the refused command of an m-FILTER notice: unknown user after DATA is a filter', async () => {
    const parsed = await parseMessage(vendor('m-filter.eml'));
    expect(parsed).toMatchObject({ kind: 'bounce', parser: 'vendor:m-filter' });
    expect(parsed.results[0]).toMatchObject({
      recipient: 'uma@example.com',
      replyCode: '550',
      smtpCommand: 'DATA',
    });
  });
});

describe('more formats and charsets', () => {
  it('reads the Original address of a Messaging Server text report, not the routed one', async () => {
    const parsed = await parseMessage(vendor('messaging-server.eml'));
    expect(parsed).toMatchObject({ kind: 'bounce', parser: 'vendor:messaging-server' });
    expect(parsed.results.map((r) => [r.recipient, r.status])).toEqual([
      ['xavier@example.net', '5.2.2'],
    ]);
  });

  it('decodes an EUC-JP body labelled ISO-2022-JP', async () => {
    const parsed = await parseMessage(vendor('eucjp-labelled-jis.eml'));
    expect(parsed.results[0]?.recipient).toBe('yuki@mobile.example.ne.jp');
    expect(parsed.results[0]?.diagnostic).toContain('送信できませんでした');
  });
});
