import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/parse/index.js';

describe('bad input', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['headers only', Buffer.from('From: a@example.com\r\nSubject: x\r\n')],
    [
      'truncated multipart',
      Buffer.from(
        'Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Reci',
      ),
    ],
    [
      'bad charset',
      Buffer.from(
        'Content-Type: text/plain; charset=x-no-such\r\nSubject: =?x-bad?B?@@@?=\r\n\r\n\xff\xfe',
      ),
    ],
  ])('gives kind unknown with a reason for %s', async (_name, raw) => {
    const parsed = await parseMessage(raw);
    expect(parsed.kind).toBe('unknown');
    expect(parsed.unknownReason).toBeTruthy();
  });

  it('parses a 10 MiB message quickly', async () => {
    const head =
      'From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n<u@example.com>: 550 5.1.1 user unknown\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n';
    const raw = Buffer.from(head + 'QUJD'.repeat(19 * 1024 * 128) + '\r\n--b--\r\n');
    const t0 = performance.now();
    const parsed = await parseMessage(raw);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(parsed.results[0]?.recipient).toBe('u@example.com');
  });

  it.each([' ', '\n', '\t\n'])(
    'reads a report whose notice is 100 KB of %j in linear time',
    async (fragment) => {
      const notice = fragment.repeat(100_000 / fragment.length);
      const raw = Buffer.from(
        `From: MAILER-DAEMON@mx.example.net\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n\n${notice}\n--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.1.1\n--b--\n`,
      );
      const t0 = performance.now();
      const parsed = await parseMessage(raw);
      expect(performance.now() - t0).toBeLessThan(500);
      expect(parsed.results[0]?.recipient).toBe('u@example.com');
    },
  );
});
