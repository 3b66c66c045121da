import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { queryRows } from '../../src/store/database.js';
import { purgeSpool } from '../../src/scheduler/purge-spool.js';

const RCPT = `bounce@${TEST_RETURN_PATH_DOMAIN}`;

for (const shape of ['embedded', 'redis'] as const) {
  describe(`spool retention (${shape})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape });
    });
    afterAll(async () => {
      await service?.stop();
    });

    const spool = () =>
      queryRows<{ state: string; bytes: number }>(
        service.service.database.db,
        sql`select state, octet_length(raw)::int as bytes from inbound_messages order by id`,
      );

    it('drops the raw bytes of processed messages past the retention, keeps what staff need', async () => {
      const dsn = buildDsn({
        recipients: [{ address: 'kept-short@example.org', status: '5.1.1' }],
        messageId: `<purge-${shape}@test>`,
      });
      expect(
        (await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw: dsn })).ok,
      ).toBe(true);
      expect(
        (
          await sendRawMail({
            port: service.smtpPort,
            from: '',
            to: [RCPT],
            raw: 'Subject: hi\r\n\r\nnot a bounce\r\n',
          })
        ).ok,
      ).toBe(true);
      await waitFor(async () => (await spool()).every((row) => row.state !== 'received'), {
        what: 'both messages handled',
      });

      const later = new Date(Date.now() + 31 * 86_400_000);
      expect((await purgeSpool(service.service.database.db, new Date(), 30)).purged).toBe(0);
      expect((await purgeSpool(service.service.database.db, later, 30)).purged).toBe(1);
      expect(await spool()).toEqual([
        { state: 'processed', bytes: 0 },
        { state: 'unparseable', bytes: expect.any(Number) },
      ]);
      expect((await spool())[1]!.bytes).toBeGreaterThan(0);
      expect((await purgeSpool(service.service.database.db, later, 30)).purged).toBe(0);
      expect((await purgeSpool(service.service.database.db, later, 0)).purged).toBe(0);

      // The hash outlives the bytes: the same message again is still a duplicate.
      const again = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw: dsn });
      expect(again.response).toContain('duplicate');
    });
  });
}
