import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { startTestService, TEST_RETURN_PATH_DOMAIN } from '../helpers/service.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait-for.js';

async function readiness(baseUrl: string) {
  const response = await fetch(`${baseUrl}/readyz`);
  const body = (await response.json()) as { status: string; checks: Record<string, string> };
  return { code: response.status, status: body.status, checks: body.checks };
}

describe('/readyz tells the truth about the backlog', () => {
  it('is 503 naming the spool check while a message waits too long, 200 once it is processed', async () => {
    const suffix = randomBytes(4).toString('hex');
    const databaseUrl = await createDatabase(inject('postgresAdminUrl'), `rebound_ready_${suffix}`);
    const queueName = `ready-${suffix}`;
    const intake = await startTestService({
      shape: 'redis',
      databaseUrl,
      env: { ROLES: 'smtp,api', QUEUE_NAME: queueName, READY_MAX_PENDING_AGE_SECONDS: '1' },
    });
    let worker: Awaited<ReturnType<typeof startTestService>> | undefined;
    try {
      expect((await readiness(intake.baseUrl)).code).toBe(200);
      const raw = buildDsn({
        recipients: [{ address: `waiting-${suffix}@example.org`, status: '5.1.1' }],
        messageId: `<ready-${suffix}@test>`,
      });
      const sent = await sendRawMail({
        port: intake.smtpPort,
        from: '',
        to: [`bounce@${TEST_RETURN_PATH_DOMAIN}`],
        raw,
      });
      expect(sent.ok, sent.response).toBe(true);
      // No worker runs: the message waits, and readiness says so after the threshold.
      await waitFor(async () => (await readiness(intake.baseUrl)).code === 503, {
        timeoutMs: 30_000,
        what: '/readyz to report the backlog',
      });
      const notReady = await readiness(intake.baseUrl);
      expect(notReady.status).toBe('not_ready');
      expect(notReady.checks.spool).toMatch(/^oldest received message waited \d+ s \(limit 1 s\)$/);
      expect(notReady.checks.database).toBe('ok');

      worker = await startTestService({
        shape: 'redis',
        databaseUrl,
        env: { ROLES: 'worker', QUEUE_NAME: queueName },
      });
      await waitFor(async () => (await readiness(intake.baseUrl)).code === 200, {
        timeoutMs: 60_000,
        what: '/readyz to be ready once the worker drained the spool',
      });
      expect((await readiness(intake.baseUrl)).checks.spool).toBe('ok');
    } finally {
      await worker?.stop();
      await intake.stop();
    }
  }, 120_000);
});
