import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { callApi } from '../helpers/api-client.js';

for (const shape of ['embedded', 'redis'] as const) {
  describe(`the profile denylist for staff (${shape})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape, env: { ROLES: 'api' } });
    });
    afterAll(async () => {
      await service?.stop();
    });

    const excluded = async () =>
      (
        await callApi(service, 'POST', '/api/check', {
          recipients: [
            { channel: 'email', address: 'p@example.org', profileId: 'p-7' },
            { channel: 'sms', address: '+33612345678', profileId: 'p-7' },
          ],
        })
      ).body.excluded as Array<{ channel: string; scope: string }>;

    it('excludes a profile on one channel once staff add the opt-out, and again not once removed', async () => {
      expect(await excluded()).toEqual([]);
      const added = await callApi(
        service,
        'POST',
        '/api/profiles/p-7/denylist',
        { channel: 'email' },
        'erin',
      );
      expect(added).toMatchObject({ status: 201, body: { created: true } });
      expect(
        (await callApi(service, 'POST', '/api/profiles/p-7/denylist', { channel: 'email' })).status,
      ).toBe(200);
      expect((await excluded()).map((e) => [e.channel, e.scope])).toEqual([['email', 'profile']]);
      const listed = await callApi(service, 'GET', '/api/profiles/p-7/denylist');
      expect(listed.body.entries).toEqual([
        expect.objectContaining({
          profileId: 'p-7',
          channel: 'email',
          cause: 'manual',
          actor: 'erin',
        }),
      ]);

      expect(
        (await callApi(service, 'DELETE', '/api/profiles/p-7/denylist?channel=email')).status,
      ).toBe(200);
      expect(await excluded()).toEqual([]);
      expect(
        (await callApi(service, 'DELETE', '/api/profiles/p-7/denylist?channel=email')).status,
      ).toBe(404);
      expect(
        (await callApi(service, 'POST', '/api/profiles/p-7/denylist', { channel: 'fax' })).status,
      ).toBe(400);
    });
  });
}
