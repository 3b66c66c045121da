import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostfix, type PostfixInstance } from '../helpers/postfix.js';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait-for.js';

// End to end with a real MTA: a campaign goes out through Postfix, the receiving side refuses
// it, Postfix writes the DSN itself and delivers it to Rebound's SMTP listener as the MX of
// the return-path domain. Nothing here is a hand-made DSN.
for (const shape of ['embedded', 'redis'] as const) {
  describe(`DSNs written by Postfix reach the quarantine (${shape})`, () => {
    let service: TestService;
    let sink: SmtpSink;
    let postfix: PostfixInstance;

    beforeAll(async () => {
      service = await startTestService({ shape });
      sink = await startSmtpSink({
        unknown: {
          code: 550,
          text: '5.1.1 <unknown@mx.example.test>: Recipient address rejected: User unknown in virtual mailbox table',
        },
        full: {
          code: 452,
          text: '4.2.2 <full@mx.example.test>: Recipient address rejected: Mailbox full',
        },
        busy: { code: 421, text: '4.3.2 Service shutting down, closing transmission channel' },
      });
      postfix = await startPostfix({
        routes: { 'mx.example.test': sink.port, [TEST_RETURN_PATH_DOMAIN]: service.smtpPort },
      });
    });
    afterAll(async () => {
      await postfix?.stop();
      await sink?.stop();
      await service?.stop();
    });

    async function addressStatus(address: string): Promise<Record<string, unknown> | undefined> {
      const response = await fetch(
        `${service.baseUrl}/api/addresses/${encodeURIComponent(address)}?channel=email`,
      );
      return response.status === 200
        ? ((await response.json()) as Record<string, unknown>)
        : undefined;
    }

    it('quarantines hard failures and counts soft ones', async () => {
      const expected: Record<string, { status: string; type: string }> = {
        [`no-such-user@${postfix.localDomain}`]: { status: 'quarantine', type: 'hard' },
        'unknown@mx.example.test': { status: 'quarantine', type: 'hard' },
        'full@mx.example.test': { status: 'with_errors', type: 'soft' },
        'busy@mx.example.test': { status: 'with_errors', type: 'soft' },
      };
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: postfix.port,
        ignoreTLS: true,
      });
      for (const [i, to] of Object.keys(expected).entries()) {
        // One message per recipient: each gets its own DSN, as with per-recipient VERP.
        await transport.sendMail({
          envelope: { from: `bounces+c1r${i}@${TEST_RETURN_PATH_DOMAIN}`, to },
          from: 'Newsletter <news@example.test>',
          to,
          subject: 'Campaign 1',
          text: 'Hello from campaign 1.\n',
        });
      }
      const seen: Record<string, Record<string, unknown>> = {};
      try {
        await waitFor(
          async () => {
            for (const address of Object.keys(expected)) {
              seen[address] ??= (await addressStatus(address)) as Record<string, unknown>;
            }
            return Object.values(seen).every(Boolean);
          },
          {
            timeoutMs: 40_000,
            intervalMs: 250,
            what: 'an address entry for every refused recipient',
          },
        );
      } catch (error) {
        throw new Error(
          `${(error as Error).message}; got ${JSON.stringify(seen)}\n--- postfix log ---\n${postfix.log().slice(-4000)}`,
        );
      }
      for (const [address, want] of Object.entries(expected)) {
        expect(seen[address], address).toMatchObject({ address, channel: 'email', ...want });
      }
      // The DSNs went to Rebound, not to the sink: the sink only saw refusals.
      expect(sink.messages).toHaveLength(0);
      expect(postfix.log()).toMatch(/status=sent \(250/);
    });
  });
}
