import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { destroyDovecot, startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';

// The service's imap role, configured only through IMAP_URLS, drains a real Dovecot mailbox
// into the spool; the checkpoint lives in the database.
for (const shape of ['embedded', 'redis'] as const) {
  describe(`an existing bounce mailbox drained by the service (${shape})`, () => {
    let dovecot: DovecotServer;
    let service: TestService;
    beforeAll(async () => {
      dovecot = await startDovecot();
      for (let i = 0; i < 5; i += 1) {
        dovecot.deliver(buildDsn({ recipients: [{ address: `imap-${i}@example.com`, status: '5.1.1' }], messageId: `<imap-${shape}-${i}@test>` }));
      }
      service = await startTestService({ shape, env: { IMAP_URLS: dovecot.url() } });
    });
    afterAll(async () => {
      await service?.stop();
      await destroyDovecot(dovecot);
    });

    it('quarantines the recipients of every DSN in the mailbox and moves them to Processed', async () => {
      for (let i = 0; i < 5; i += 1) {
        await waitFor(async () => (await fetch(`${service.baseUrl}/api/addresses/imap-${i}@example.com`)).status === 200, {
          timeoutMs: 20_000,
          what: `imap-${i}@example.com`,
        });
      }
      const body = (await (await fetch(`${service.baseUrl}/api/addresses/imap-0@example.com`)).json()) as { status: string };
      expect(body.status).toBe('quarantine');
      await waitFor(() => dovecot.count('INBOX') === 0 && dovecot.count('Processed') === 5, { timeoutMs: 10_000, what: 'mailbox settled' });
    });
  });
}
