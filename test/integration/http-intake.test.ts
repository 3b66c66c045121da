import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait-for.js';

async function post(service: TestService, path: string, body: unknown) {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function statusOf(
  service: TestService,
  channel: string,
  address: string,
): Promise<string | undefined> {
  const response = await fetch(
    `${service.baseUrl}/api/addresses/${encodeURIComponent(address)}?channel=${channel}`,
  );
  if (response.status === 404) return undefined;
  return ((await response.json()) as { status: string }).status;
}

const sr = (stat: string, err: string) =>
  `id:7411 sub:001 dlvrd:000 submit date:2611201000 done date:2611201001 stat:${stat} err:${err} text:Your code is 1234`;

for (const shape of ['embedded', 'redis'] as const) {
  describe(`HTTP intake of SMS and push through the spool (${shape})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape, env: { ROLES: 'api,worker' } });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('qualifies SMS status reports: an undeliverable number is quarantined, an expired one counted', async () => {
      const stored = await post(service, '/api/intake/sms/status-reports', {
        reports: [
          { phone: '+33 6 12 34 56 78', text: sr('UNDELIV', '001'), smsc: 'Generic' },
          { phone: '+33 6 99 99 99 99', text: sr('EXPIRED', '000') },
          { phone: '+33 6 11 11 11 11', text: sr('DELIVRD', '000') },
        ],
      });
      expect(stored.status).toBe(202);
      expect(stored.body).toMatchObject({ duplicate: false, items: 3 });
      await waitFor(async () => (await statusOf(service, 'sms', '+33612345678')) === 'quarantine', {
        what: 'UNDELIV number quarantined',
      });
      await waitFor(
        async () => (await statusOf(service, 'sms', '0033699999999')) === 'with_errors',
        { what: 'EXPIRED number counted' },
      );
      // A success is recorded (it returns a With errors number to Valid) and never counts as an error.
      expect(await statusOf(service, 'sms', '+33611111111')).toBe('valid');
    });

    it('denylists a phone number that answers STOP, and only that channel', async () => {
      const stored = await post(service, '/api/intake/sms/inbound', {
        messages: [
          { phone: '+1 415 555 0100', text: ' Stop ' },
          { phone: '+1 415 555 0101', text: 'stop by at 5?' },
        ],
      });
      expect(stored.status).toBe(202);
      await waitFor(async () => (await statusOf(service, 'sms', '+14155550100')) === 'denylisted', {
        what: 'STOP denylisted',
      });
      expect(await statusOf(service, 'sms', '+14155550101')).toBeUndefined();
    });

    it('quarantines an unregistered push token and ignores a transient provider error', async () => {
      const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2';
      const stored = await post(service, '/api/intake/push/feedback', {
        events: [
          { provider: 'apns', token, code: 'Unregistered' },
          { provider: 'fcm', token: 'fcm-token-transient-0001', code: 'UNAVAILABLE' },
        ],
      });
      expect(stored.status).toBe(202);
      await waitFor(async () => (await statusOf(service, 'push', token)) === 'quarantine', {
        what: 'unregistered token quarantined',
      });
      expect(await statusOf(service, 'push', 'fcm-token-transient-0001')).toBeUndefined();
    });

    it('stores the same request once, and refuses a malformed one with a clear message', async () => {
      const body = {
        events: [
          {
            provider: 'fcm',
            token: 'fcm-token-dup-0001',
            code: 'UNREGISTERED',
            at: '2026-11-20T10:00:00Z',
          },
        ],
      };
      expect((await post(service, '/api/intake/push/feedback', body)).body.duplicate).toBe(false);
      expect((await post(service, '/api/intake/push/feedback', body)).body.duplicate).toBe(true);
      const bad = await post(service, '/api/intake/push/feedback', {
        events: [{ provider: 'mozilla', token: 'x'.repeat(20), code: 'X' }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: 'API_BAD_REQUEST' });
      expect(String(bad.body.message)).toContain('provider');
    });
  });
}
