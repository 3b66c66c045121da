import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeErrorText } from '../../../src/qualify/normalize-error-text.js';

/** Pieces that real diagnostics are made of, so the generator reaches the tricky joins. */
const FRAGMENTS = [
  '550',
  '5.1.1',
  '4.2.2',
  '421',
  ' ',
  ' ',
  '\t',
  '\n',
  'user',
  'unknown',
  'Mailbox',
  'full',
  '@',
  'example',
  '.',
  'com',
  'jp',
  'mx1',
  '#',
  'xxx',
  '#xxx#',
  '*',
  '123',
  '0',
  '9',
  'ab12',
  'ABC',
  ':',
  '::',
  '+',
  '-',
  '/',
  '=',
  '==',
  '_',
  'http://',
  'https://',
  '?',
  '&',
  'Mon',
  'Feb',
  ',',
  '[',
  ']',
  '<',
  '>',
  '(',
  ')',
  "'",
  'ff',
  'db8',
  'T',
  'Z',
  'é',
  'ユーザ',
  'IPv6',
  'said',
  'dGhpcyBpcyBhIHRlc3Q',
  'smtp;',
  'id=',
  '2024-02-12',
  '10:11:12',
  '+0900',
  '(JST)',
];

const diagnosticLike = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('normalizeErrorText', () => {
  it('replaces the recipient address with * and keeps the status and reply codes', () => {
    expect(normalizeErrorText('smtp; 550 5.1.1 <jane.doe@example.org>... User unknown')).toBe(
      'smtp; 550 5.1.1 <*>... User unknown',
    );
  });

  it('replaces a bare local part quoted after the word that names it', () => {
    expect(normalizeErrorText('unknown user: "jane.doe"')).toBe(
      normalizeErrorText('unknown user: "bob"'),
    );
    expect(normalizeErrorText('unknown user: "jane.doe"')).toBe('unknown user: "*"');
    expect(normalizeErrorText('Recipient <alice> rejected')).toBe('Recipient <*> rejected');
    // A quoted phrase is a description, not a person.
    expect(normalizeErrorText('the server says "Mailbox full"')).toBe(
      'the server says "Mailbox full"',
    );
  });

  it('keeps a three-digit number only where a reply code stands', () => {
    expect(normalizeErrorText('said: 452 quota 512 MB exceeded, port 465')).toBe(
      'said: 452 quota #xxx# MB exceeded, port #xxx#',
    );
    expect(normalizeErrorText("error 550-'5.7.1 denied <421 4.4.2 timeout>")).toBe(
      "error 550-'5.7.1 denied <421 4.4.2 timeout>",
    );
  });

  it('gives one text for one failure seen by two recipients on two hosts and days', () => {
    const a = normalizeErrorText(
      'host mx1.mail.example.net[192.0.2.10] said: 452 4.2.2 <ann@example.net>: Mailbox full, queue id 3F2A91C0B7 (in reply to RCPT TO command) Tue, 5 Mar 2024 08:01:02 +0100',
    );
    const b = normalizeErrorText(
      'host mx7.mail.example.net[198.51.100.200] said: 452 4.2.2 <bob.smith@example.net>: Mailbox full, queue id 9D0E11AB42 (in reply to RCPT TO command) Fri, 19 Jul 2024 23:59:59 -0700',
    );
    expect(a).toBe(b);
    expect(a).toContain('452 4.2.2');
    expect(a).toContain('Mailbox full');
    expect(a).not.toMatch(/192\.0|3F2A|example\.net|2024/);
  });

  it('replaces IPv4 and IPv6 addresses but keeps the word IPv6', () => {
    const text = normalizeErrorText(
      '550-5.7.1 [2001:db8:1f70::999:de8:7648:6e8] This message does not meet IPv6 sending guidelines, client 203.0.113.9',
    );
    expect(text).toBe(
      '550-5.7.1 [#xxx#] This message does not meet IPv6 sending guidelines, client #xxx#',
    );
  });

  it('keeps the help page of a URL but drops its query', () => {
    expect(
      normalizeErrorText('blocked, see https://www.blocklist.example/query/ip/203.0.113.9?x=1 now'),
    ).toBe('blocked, see https://www.blocklist.example/query/ip/#xxx# now');
    expect(normalizeErrorText('Learn more at https://support.example.com/mail/?p=NoSuchUser')).toBe(
      'Learn more at https://support.example.com/mail/?#xxx#',
    );
  });

  it('replaces dates and times in RFC 5322, ISO 8601 and syslog shapes', () => {
    for (const date of [
      'Thu, 29 Apr 2010 23:34:45 +0900 (JST)',
      '2024-02-12T10:11:12Z',
      'Apr 29 23:34:45',
      '12/02/2024 10:11',
    ]) {
      expect(normalizeErrorText(`message expired on ${date}, giving up`)).toBe(
        'message expired on #xxx#, giving up',
      );
    }
  });

  it('replaces phone numbers, queue ids, hex and base64 tokens', () => {
    expect(normalizeErrorText('number +33 6 12 34 56 78 unreachable')).toBe(
      'number #xxx# unreachable',
    );
    expect(normalizeErrorText('queued as 1rXyZa-000Abc-Qw, ref dGhpcyBpcyBhIHRlc3QgdG9rZW4=')).toBe(
      'queued as #xxx#, ref #xxx#',
    );
    expect(normalizeErrorText('session deadbeef0123cafe closed')).toBe('session #xxx# closed');
  });

  it('does not take sentence joins or long words for host names or tokens', () => {
    expect(normalizeErrorText('user unknown.Please check internationalization settings')).toBe(
      'user unknown.Please check internationalization settings',
    );
  });

  it('replaces numbers glued to non-Latin text', () => {
    expect(normalizeErrorText('ユーザ123 は存在しません')).toBe('ユーザ#xxx# は存在しません');
  });

  it('collapses whitespace and folded lines', () => {
    expect(normalizeErrorText('  550 5.2.2\r\n   mailbox\tfull  ')).toBe('550 5.2.2 mailbox full');
  });

  it('cuts very long texts at a word boundary', () => {
    const text = normalizeErrorText('word '.repeat(400), { maxLength: 50 });
    expect(text.length).toBeLessThanOrEqual(50);
    expect(text.endsWith('word')).toBe(true);
  });

  it('is idempotent on diagnostic-like input', () => {
    fc.assert(
      fc.property(diagnosticLike, (text) => {
        const once = normalizeErrorText(text);
        expect(normalizeErrorText(once)).toBe(once);
      }),
      { numRuns: 20000 },
    );
  });

  it('is idempotent on arbitrary Unicode input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const once = normalizeErrorText(text);
        expect(normalizeErrorText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizes a long diagnostic in well under a millisecond', () => {
    const text =
      'host mx1.mail.example.net[192.0.2.10] said: 550 5.1.1 <ann@example.net>: Recipient address rejected: User unknown in virtual alias table (in reply to RCPT TO command) queue id 3F2A91C0B7';
    const started = performance.now();
    for (let i = 0; i < 2000; i++) normalizeErrorText(text);
    expect((performance.now() - started) / 2000).toBeLessThan(1);
  });

  it('stays linear on a long run without separators', () => {
    const started = performance.now();
    normalizeErrorText('a.'.repeat(10_000));
    normalizeErrorText('a'.repeat(20_000) + '1');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
