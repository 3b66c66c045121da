import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait-for.js';

// The scheduler role, on a cron that fires every second, runs the real nightly tasks: an
// address whose only soft error is 20 days old returns to Valid without anyone asking.
for (const shape of ['embedded', 'redis'] as const) {
  describe(`nightly tasks on NIGHTLY_CRON (${shape})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape, env: { NIGHTLY_CRON: '* * * * * *' } });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('runs the cleanup: an old soft error no longer keeps an address With errors', async () => {
      const at = new Date(Date.now() - 20 * 86_400_000).toISOString();
      const response = await fetch(`${service.baseUrl}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          events: [
            {
              id: `old-soft-${shape}`,
              channel: 'email',
              address: 'aged@example.org',
              kind: 'failed',
              at,
              type: 'soft',
              reason: 'mailbox_full',
              text: '452 4.2.2 Mailbox full',
            },
          ],
        }),
      });
      expect(response.status).toBe(200);
      const status = async () =>
        (
          (await (await fetch(`${service.baseUrl}/api/addresses/aged@example.org`)).json()) as {
            status: string;
          }
        ).status;
      await waitFor(async () => (await status()) === 'valid', {
        timeoutMs: 15_000,
        what: 'the nightly cleanup to release the address',
      });
      const history = (await (
        await fetch(`${service.baseUrl}/api/addresses/aged@example.org/history`)
      ).json()) as { history: Array<{ toStatus: string; cause: string }> };
      expect(history.history.map((h) => h.toStatus)).toEqual(['with_errors', 'valid']);
    });
  });
}
