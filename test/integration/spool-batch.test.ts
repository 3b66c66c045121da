import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/store/database.js';
import { storeInboundMessages } from '../../src/store/spool-repository.js';
import type { InboundMessage } from '../../src/intake/types.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';

const message = (text: string): InboundMessage => ({
  source: 'smtp',
  envelope: { mailFrom: '', rcptTo: [`bounce@${TEST_RETURN_PATH_DOMAIN}`] },
  raw: Buffer.from(`Subject: ${text}\r\n\r\n${text}\r\n`),
  receivedAt: new Date('2026-12-01T10:00:00Z'),
});

for (const kind of ['postgres', 'pglite'] as const) {
  describe(`one INSERT for a batch of messages (${kind})`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle =
        kind === 'postgres'
          ? await openPostgres(
              await createDatabase(
                inject('postgresAdminUrl'),
                `rebound_spool_${randomBytes(4).toString('hex')}`,
              ),
            )
          : await openPglite('memory://');
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('stores each new message once, in order, and names the row a duplicate points to', async () => {
      const [earlier] = await storeInboundMessages(handle.db, [message('earlier')]);
      const stored = await storeInboundMessages(handle.db, [
        message('one'),
        message('earlier'),
        message('two'),
        message('one'),
      ]);
      expect(stored.map((row) => row.duplicate)).toEqual([false, true, false, true]);
      expect(stored[1]!.id).toBe(earlier!.id);
      expect(stored[3]!.id).toBe(stored[0]!.id);
      expect(stored[0]!.id).not.toBe(stored[2]!.id);
      const rows = await handle.db.execute(sql`select count(*)::int as n from inbound_messages`);
      const n = (Array.isArray(rows) ? rows : (rows as { rows: Array<{ n: number }> }).rows)[0];
      expect(n).toMatchObject({ n: 3 });
    });
  });
}

describe('intake group commit through SMTP', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ shape: 'redis' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('answers 250 to a burst over eight connections only for stored messages, duplicates once', async () => {
    const raws = Array.from({ length: 40 }, (_, i) =>
      buildDsn({
        recipients: [{ address: `burst${i % 30}@group.example`, status: '5.1.1' }],
        messageId: `<group-${i % 30}@test>`,
        date: new Date(Date.UTC(2026, 10, 21, 9, i % 30)),
      }),
    );
    const lanes = Array.from({ length: 8 }, async (_, lane) => {
      const replies = [];
      for (let i = lane; i < raws.length; i += 8)
        replies.push(
          await sendRawMail({
            port: service.smtpPort,
            from: '',
            to: [`bounce@${TEST_RETURN_PATH_DOMAIN}`],
            raw: raws[i]!,
          }),
        );
      return replies;
    });
    const replies = (await Promise.all(lanes)).flat();
    expect(replies.every((reply) => reply.ok)).toBe(true);
    expect(replies.filter((reply) => reply.response.includes('duplicate'))).toHaveLength(10);
    const { default: postgres } = await import('postgres');
    const sqlClient = postgres(service.service.config.databaseUrl!, { max: 1 });
    try {
      const rows = await sqlClient`select count(*)::int as n from inbound_messages`;
      expect(rows[0]?.n).toBe(30);
    } finally {
      await sqlClient.end();
    }
  });
});
