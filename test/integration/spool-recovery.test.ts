import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { inboundMessages } from '../../src/store/schema.js';

const RCPT = `bounce@${TEST_RETURN_PATH_DOMAIN}`;

async function spoolStates(service: TestService) {
  return service.service.database.db
    .select({
      state: inboundMessages.state,
      kind: inboundMessages.kind,
      error: inboundMessages.error,
    })
    .from(inboundMessages);
}

describe('nothing stored is lost when the worker was not running', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rebound-recovery-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('embedded: a message stored before a stop is processed at the next start', async () => {
    const intakeOnly = await startTestService({
      shape: 'embedded',
      dataDir,
      env: { ROLES: 'smtp,api' },
    });
    const raw = buildDsn({
      recipients: [{ address: 'later@example.com', status: '5.1.1' }],
      messageId: '<recovery-1@test>',
    });
    const sent = await sendRawMail({ port: intakeOnly.smtpPort, from: '', to: [RCPT], raw });
    expect(sent.ok, sent.response).toBe(true);
    expect((await spoolStates(intakeOnly)).map((row) => row.state)).toEqual(['received']);
    await intakeOnly.stop();

    const withWorker = await startTestService({ shape: 'embedded', dataDir });
    try {
      await withWorker.service.idle();
      await waitFor(async () => (await spoolStates(withWorker))[0]?.state === 'processed', {
        what: 'processed spool row',
      });
      const response = await fetch(`${withWorker.baseUrl}/api/addresses/later@example.com`);
      expect(response.status).toBe(200);
    } finally {
      await withWorker.stop();
    }
  });

  it('redis: a message whose job was lost is picked up from the spool at start', async () => {
    const databaseUrl = await createDatabase(inject('postgresAdminUrl'), 'rebound_recovery');
    const intakeOnly = await startTestService({
      shape: 'redis',
      databaseUrl,
      env: { ROLES: 'smtp', QUEUE_NAME: 'lost-queue' },
    });
    const raw = buildDsn({
      recipients: [{ address: 'lost-job@example.com', status: '5.1.1' }],
      messageId: '<recovery-2@test>',
    });
    expect((await sendRawMail({ port: intakeOnly.smtpPort, from: '', to: [RCPT], raw })).ok).toBe(
      true,
    );
    await intakeOnly.stop();

    // A worker on another queue name never sees the first job: only the spool can bring it back.
    const worker = await startTestService({
      shape: 'redis',
      databaseUrl,
      env: { QUEUE_NAME: 'fresh-queue' },
    });
    try {
      await waitFor(
        async () =>
          (await fetch(`${worker.baseUrl}/api/addresses/lost-job@example.com`)).status === 200,
        {
          timeoutMs: 20_000,
          what: 'address from the recovered message',
        },
      );
    } finally {
      await worker.stop();
    }
  });
});

describe('a message that cannot be parsed is kept and marked, never dropped', () => {
  for (const shape of ['embedded', 'redis'] as const) {
    it(`${shape}: stores it as unparseable with a reason, and keeps working`, async () => {
      const service = await startTestService({ shape });
      try {
        const garbage =
          'From: someone@example.com\r\nSubject: hello\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nnot really\r\n';
        expect(
          (await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw: garbage })).ok,
        ).toBe(true);
        await waitFor(async () => (await spoolStates(service))[0]?.state !== 'received', {
          timeoutMs: 15_000,
          what: 'spool row marked',
        });
        const [row] = await spoolStates(service);
        expect(row).toMatchObject({ state: 'unparseable', kind: 'unknown' });
        expect(row?.error).toBeTruthy();

        const dsn = buildDsn({
          recipients: [{ address: 'after-garbage@example.com', status: '5.1.1' }],
          messageId: `<after-garbage-${shape}@test>`,
        });
        expect(
          (await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw: dsn })).ok,
        ).toBe(true);
        await waitFor(
          async () =>
            (await fetch(`${service.baseUrl}/api/addresses/after-garbage@example.com`)).status ===
            200,
          {
            timeoutMs: 15_000,
            what: 'the next message processed',
          },
        );
        const rows = await service.service.database.db
          .select()
          .from(inboundMessages)
          .where(eq(inboundMessages.state, 'failed'));
        expect(rows).toHaveLength(0);
      } finally {
        await service.stop();
      }
    });
  }
});
