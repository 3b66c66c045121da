import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostfix, type PostfixInstance } from '../helpers/postfix.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait-for.js';

// Self-test of the Postfix harness: Postfix relays to the sink, the sink refuses at RCPT, and
// Postfix's own DSN comes back to the sink as the return-path domain's MX.
describe('Postfix test harness', () => {
  let sink: SmtpSink;
  let postfix: PostfixInstance;

  beforeAll(async () => {
    sink = await startSmtpSink({
      unknown: {
        code: 550,
        text: '5.1.1 <unknown@mx.example.test>: Recipient address rejected: User unknown',
      },
      full: { code: 452, text: '4.2.2 <full@mx.example.test>: Mailbox full' },
      busy: { code: 421, text: '4.3.2 Service shutting down' },
    });
    postfix = await startPostfix({
      routes: { 'mx.example.test': sink.port, 'return.example.test': sink.port },
    });
  });
  afterAll(async () => {
    await postfix?.stop();
    await sink?.stop();
  });

  function dsnFor(recipient: string): SinkMessage | undefined {
    return sink.messages.find(
      (m) =>
        m.mailFrom === '' && m.raw.toString().includes(`Final-Recipient: rfc822; ${recipient}`),
    );
  }

  it('writes a DSN for each refused recipient and sends it to the return path', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: postfix.port,
      ignoreTLS: true,
    });
    const recipients = [
      'unknown@mx.example.test',
      'full@mx.example.test',
      'busy@mx.example.test',
      `no-such-user@${postfix.localDomain}`,
    ];
    for (const [i, to] of recipients.entries()) {
      await transport.sendMail({
        envelope: { from: `bounces+t${i}@return.example.test`, to },
        from: 'news@example.test',
        to,
        subject: `harness ${i}`,
        text: 'hello',
      });
    }
    try {
      await waitFor(() => recipients.every((r) => dsnFor(r)), {
        timeoutMs: 30_000,
        what: '4 DSNs',
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${postfix.log().slice(-3000)}`);
    }
    const statuses = Object.fromEntries(
      recipients.map((r) => [r, /^Status: (\S+)/m.exec(dsnFor(r)!.raw.toString())?.[1]]),
    );
    expect(statuses).toEqual({
      'unknown@mx.example.test': '5.1.1',
      'full@mx.example.test': '4.2.2',
      'busy@mx.example.test': expect.stringMatching(/^4\./),
      [`no-such-user@${postfix.localDomain}`]: '5.1.1',
    });
    const first = dsnFor('unknown@mx.example.test')!;
    expect(first.rcptTo).toEqual(['bounces+t0@return.example.test']);
    expect(first.raw.toString()).toMatch(/report-type=delivery-status/);
  });
});
