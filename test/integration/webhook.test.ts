import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { signBody } from '../../src/outbox/webhook-dispatcher.js';

const SECRET = 'webhook-secret-for-tests';

/** A receiver on 127.0.0.1 that fails its first call, then records every body it accepts. */
async function startReceiver() {
  const received: Array<{ body: string; signature: string | undefined }> = [];
  let calls = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls += 1;
      if (calls === 1) {
        response.statusCode = 503;
        return response.end();
      }
      received.push({
        body,
        signature: request.headers['x-rebound-signature'] as string | undefined,
      });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    calls: () => calls,
    close: () => new Promise((r) => server.close(r)),
  };
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`status changes sent out as a webhook (${shape})`, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let service: TestService;
    beforeAll(async () => {
      receiver = await startReceiver();
      service = await startTestService({
        shape,
        env: { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET },
      });
    });
    afterAll(async () => {
      await service?.stop();
      await receiver?.close();
    });

    it('delivers each quarantine, signed, once the receiver is back from an error', async () => {
      const raw = buildDsn({
        recipients: [{ address: `hooked-${shape}@example.org`, status: '5.1.1' }],
        messageId: `<hook-${shape}@test>`,
      });
      expect(
        (
          await sendRawMail({
            port: service.smtpPort,
            from: '',
            to: [`bounce@${TEST_RETURN_PATH_DOMAIN}`],
            raw,
          })
        ).ok,
      ).toBe(true);
      await waitFor(() => receiver.received.length > 0, {
        timeoutMs: 20_000,
        what: 'a webhook delivery after one failure',
      });
      expect(receiver.calls()).toBeGreaterThanOrEqual(2);
      const [delivery] = receiver.received;
      expect(delivery!.signature).toBe(signBody(delivery!.body, SECRET));
      const payload = JSON.parse(delivery!.body) as {
        type: string;
        changes: Array<Record<string, unknown>>;
      };
      expect(payload.type).toBe('address.status_changed');
      expect(payload.changes).toEqual([
        expect.objectContaining({
          address: `hooked-${shape}@example.org`,
          channel: 'email',
          from: null,
          to: 'quarantine',
          reason: 'user_unknown',
        }),
      ]);
    });
  });
}
