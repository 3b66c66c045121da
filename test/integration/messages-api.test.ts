import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { callApi } from '../helpers/api-client.js';

const RCPT = `bounce@${TEST_RETURN_PATH_DOMAIN}`;
const GARBAGE = 'From: a.person@example.com\r\nSubject: lunch?\r\n\r\nAre you free at noon?\r\n';

for (const shape of ['embedded', 'redis'] as const) {
  describe(`the spool for staff (${shape})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('lists what could not be parsed, serves its bytes, and runs it again on request', async () => {
      expect(
        (await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw: GARBAGE })).ok,
      ).toBe(true);
      const dsn = buildDsn({
        recipients: [{ address: 'listed@example.org', status: '5.1.1' }],
        messageId: `<listed-${shape}@test>`,
      });
      expect(
        (await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw: dsn })).ok,
      ).toBe(true);
      await waitFor(
        async () =>
          (await callApi(service, 'GET', '/api/messages?state=received')).body.items.length === 0,
        {
          what: 'both messages handled',
        },
      );

      const unparseable = await callApi(service, 'GET', '/api/messages?state=unparseable');
      expect(unparseable.body.items).toHaveLength(1);
      const [item] = unparseable.body.items;
      expect(item).toMatchObject({
        source: 'smtp',
        state: 'unparseable',
        kind: 'unknown',
        rcptTo: [RCPT],
        size: GARBAGE.length,
      });
      expect(item.error).toBeTruthy();

      const raw = await fetch(`${service.baseUrl}/api/messages/${item.id}/raw`);
      expect(raw.headers.get('content-type')).toContain('message/rfc822');
      expect(await raw.text()).toBe(GARBAGE);

      const retried = await callApi(service, 'POST', `/api/messages/${item.id}/retry`);
      expect(retried).toMatchObject({ status: 200, body: { id: item.id, state: 'received' } });
      await waitFor(
        async () => {
          const [again] = (await callApi(service, 'GET', '/api/messages?state=unparseable')).body
            .items;
          return again?.id === item.id && again.processedAt !== item.processedAt;
        },
        { what: 'the retried message read again' },
      );

      const processed = (await callApi(service, 'GET', '/api/messages?state=processed')).body
        .items[0];
      expect((await callApi(service, 'POST', `/api/messages/${processed.id}/retry`)).status).toBe(
        409,
      );
      expect((await callApi(service, 'GET', '/api/messages/999999/raw')).status).toBe(404);
    });
  });
}
