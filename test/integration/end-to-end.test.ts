import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';

async function getAddress(service: TestService, address: string) {
  const response = await fetch(
    `${service.baseUrl}/api/addresses/${encodeURIComponent(address)}?channel=email`,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`a DSN over SMTP to a quarantine row (${shape} shape)`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('quarantines a 5.1.1 recipient and counts a 4.2.2 one as an error', async () => {
      const dsn = buildDsn({
        recipients: [
          {
            address: 'Gone.User@Example.ORG',
            status: '5.1.1',
            diagnostic:
              '550 5.1.1 <gone.user@example.org>: Recipient address rejected: User unknown',
          },
          {
            address: 'full.user@example.org',
            status: '4.2.2',
            action: 'delayed',
            diagnostic: '452 4.2.2 Mailbox full',
          },
        ],
      });
      const sent = await sendRawMail({
        port: service.smtpPort,
        from: '',
        to: [`bounce+x1@${TEST_RETURN_PATH_DOMAIN}`],
        raw: dsn,
      });
      expect(sent.ok, sent.response).toBe(true);
      expect(sent.response).toMatch(/^250/);

      await waitFor(
        async () => (await getAddress(service, 'gone.user@example.org')).status === 200,
        { timeoutMs: 15_000, what: 'address row' },
      );
      // Looked up in another case: addresses are normalized the same way on write and on read.
      const hard = await getAddress(service, 'GONE.User@Example.ORG');
      expect(hard.body).toMatchObject({
        address: 'gone.user@example.org',
        channel: 'email',
        status: 'quarantine',
        type: 'hard',
        errorCount: expect.any(Number),
      });
      expect(String(hard.body.errorText)).toContain('5.1.1');

      await waitFor(
        async () => (await getAddress(service, 'full.user@example.org')).status === 200,
        { timeoutMs: 15_000, what: 'soft row' },
      );
      const soft = await getAddress(service, 'full.user@example.org');
      expect(soft.body).toMatchObject({ status: 'with_errors', type: 'soft', errorCount: 1 });
    });

    it('answers 404 for an address it never saw', async () => {
      const unknown = await getAddress(service, 'nobody@example.net');
      expect(unknown.status).toBe(404);
    });

    it('reports ready when database and queue are reachable', async () => {
      const response = await fetch(`${service.baseUrl}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ready',
        checks: { database: 'ok', queue: 'ok' },
      });
    });
  });
}
