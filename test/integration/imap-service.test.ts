import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { destroyDovecot, startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { inboundMessages } from '../../src/store/schema.js';

/** A person replying to the return path: not a report, so not the service's to store or move. */
const HUMAN_MAIL = [
  'From: Alice Example <alice@example.org>',
  'To: bounce@bounces.example.test',
  'Subject: Question about my invoice',
  'Message-ID: <human-imap-service@example.org>',
  'Date: Fri, 20 Nov 2026 10:00:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello, could you tell me why I was charged twice?',
  '',
].join('\r\n');

// The service's imap role, configured only through IMAP_URLS, drains a real Dovecot mailbox
// into the spool; the checkpoint lives in the database.
for (const shape of ['embedded', 'redis'] as const) {
  describe(`an existing bounce mailbox drained by the service (${shape})`, () => {
    let dovecot: DovecotServer;
    let service: TestService;
    beforeAll(async () => {
      dovecot = await startDovecot();
      for (let i = 0; i < 5; i += 1) {
        dovecot.deliver(
          buildDsn({
            recipients: [{ address: `imap-${i}@example.com`, status: '5.1.1' }],
            messageId: `<imap-${shape}-${i}@test>`,
          }),
        );
        if (i === 2) dovecot.deliver(HUMAN_MAIL);
      }
      service = await startTestService({ shape, env: { IMAP_URLS: dovecot.url() } });
    });
    afterAll(async () => {
      await service?.stop();
      await destroyDovecot(dovecot);
    });

    it('quarantines the recipients of every DSN in the mailbox and moves them to Processed', async () => {
      for (let i = 0; i < 5; i += 1) {
        await waitFor(
          async () =>
            (await fetch(`${service.baseUrl}/api/addresses/imap-${i}@example.com`)).status === 200,
          {
            timeoutMs: 20_000,
            what: `imap-${i}@example.com`,
          },
        );
      }
      const body = (await (
        await fetch(`${service.baseUrl}/api/addresses/imap-0@example.com`)
      ).json()) as { status: string };
      expect(body.status).toBe('quarantine');
      await waitFor(() => dovecot.count('Processed') === 5, {
        timeoutMs: 10_000,
        what: 'DSNs moved',
      });
    });

    it("leaves a person's mail unread in INBOX, out of the spool", async () => {
      await waitFor(() => dovecot.count('Processed') === 5, {
        timeoutMs: 20_000,
        what: 'DSNs moved',
      });
      expect(dovecot.count('INBOX')).toBe(1);
      // Maildir flags follow ":2,": no S (\Seen), one keyword letter ($ReboundNotBounce).
      expect(dovecot.files('INBOX')[0]).toMatch(/:2,[a-z]+$/);
      const spooled = await service.service.database.db
        .select({ source: inboundMessages.source })
        .from(inboundMessages);
      expect(spooled).toHaveLength(5);
      expect(spooled.every((row) => row.source === 'imap')).toBe(true);
    });
  });
}
