import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import {
  startTestService,
  TEST_FBL_ADDRESS,
  TEST_RETURN_PATH_DOMAIN,
  type TestService,
} from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import {
  startPostgresCluster,
  createDatabase,
  type PostgresCluster,
} from '../helpers/postgres-cluster.js';
import { startRedis, type RedisInstance } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait-for.js';

const RCPT = `bounce+t1@${TEST_RETURN_PATH_DOMAIN}`;

describe('SMTP intake rules', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ shape: 'redis', env: { MAX_MESSAGE_BYTES: '20000' } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('refuses a recipient outside the return-path domains and FBL addresses (no open relay)', async () => {
    const sent = await sendRawMail({
      port: service.smtpPort,
      from: 'a@b.example',
      to: ['victim@elsewhere.example'],
      raw: 'Subject: hi\r\n\r\nhi\r\n',
    });
    expect(sent.ok).toBe(false);
    expect(sent.responseCode).toBe(550);
    expect(sent.response).toContain('5.1.1');
  });

  it('refuses a look-alike of an FBL address at another domain', async () => {
    const sent = await sendRawMail({
      port: service.smtpPort,
      from: '',
      to: [TEST_FBL_ADDRESS.replace('@', '@x.')],
      raw: 'Subject: hi\r\n\r\nhi\r\n',
    });
    expect(sent.responseCode).toBe(550);
  });

  it('accepts any local part at a return-path domain and the exact FBL address', async () => {
    const raw = buildDsn({
      recipients: [{ address: 'someone@example.com', status: '5.1.1' }],
      messageId: '<accept-1@test>',
    });
    const sent = await sendRawMail({
      port: service.smtpPort,
      from: '',
      to: ['anything@' + TEST_RETURN_PATH_DOMAIN.toUpperCase(), TEST_FBL_ADDRESS],
      raw,
    });
    expect(sent.ok, sent.response).toBe(true);
  });

  it('refuses a message over MAX_MESSAGE_BYTES with 552 5.3.4', async () => {
    const raw = `Subject: big\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(400)}`;
    const sent = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    expect(sent.ok).toBe(false);
    expect(sent.responseCode).toBe(552);
    expect(sent.response).toContain('5.3.4');
  });

  it('stores the same message delivered twice once, and counts its error once', async () => {
    const raw = buildDsn({
      recipients: [{ address: 'twice@example.com', status: '4.2.2', action: 'delayed' }],
      messageId: '<twice@test>',
    });
    const first = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    const second = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    expect(first.ok && second.ok).toBe(true);
    expect(second.response).toContain('duplicate');
    const url = `${service.baseUrl}/api/addresses/twice@example.com`;
    await waitFor(async () => (await fetch(url)).status === 200, {
      timeoutMs: 15_000,
      what: 'address row',
    });
    // Give a wrongly enqueued second copy time to be processed before asserting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const body = (await (await fetch(url)).json()) as { errorCount: number };
    expect(body.errorCount).toBe(1);
    const sql = postgres(service.service.config.databaseUrl!, { max: 1 });
    try {
      const rows =
        await sql`select count(*)::int as n from inbound_messages where raw = ${Buffer.from(raw)}`;
      expect(rows[0]?.n).toBe(1);
    } finally {
      await sql.end();
    }
  });
});

describe('when storage is down, SMTP answers 451 so the sender retries', () => {
  let cluster: PostgresCluster;
  let redis: RedisInstance;
  let service: TestService;
  beforeAll(async () => {
    [cluster, redis] = await Promise.all([startPostgresCluster(), startRedis()]);
    const databaseUrl = await createDatabase(cluster.adminUrl, 'rebound_451');
    service = await startTestService({
      shape: 'redis',
      databaseUrl,
      env: { REDIS_URL: redis.url },
    });
  });
  afterAll(async () => {
    await service?.stop().catch(() => undefined);
    await Promise.all([cluster?.destroy(), redis?.stop()]);
  });

  it('answers 451 4.3.0 while the database is stopped, then 250 once it is back', async () => {
    const raw = buildDsn({
      recipients: [{ address: 'retry@example.com', status: '5.1.1' }],
      messageId: '<451@test>',
    });
    await cluster.stop();
    const during = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    expect(during.ok).toBe(false);
    expect(during.responseCode).toBe(451);
    expect(during.response).toContain('4.3.0');

    await cluster.start();
    let after = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    // The pool may need one failed attempt to notice the restart, as a sending MTA would retry.
    for (let i = 0; i < 10 && !after.ok; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      after = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    }
    expect(after.ok, after.response).toBe(true);
    await waitFor(
      async () =>
        (await fetch(`${service.baseUrl}/api/addresses/retry@example.com`)).status === 200,
      {
        timeoutMs: 20_000,
        what: 'address row after the database came back',
      },
    );
  });

  it('answers 451 while Redis is down, and processes the stored message when the sender retries', async () => {
    const raw = buildDsn({
      recipients: [{ address: 'redis-down@example.com', status: '5.1.1' }],
      messageId: '<451-redis@test>',
    });
    await redis.stop();
    const during = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    expect(during.responseCode).toBe(451);

    redis = await startRedis({ port: redis.port });
    let after = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    for (let i = 0; i < 20 && !after.ok; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      after = await sendRawMail({ port: service.smtpPort, from: '', to: [RCPT], raw });
    }
    expect(after.ok, after.response).toBe(true);
    await waitFor(
      async () =>
        (await fetch(`${service.baseUrl}/api/addresses/redis-down@example.com`)).status === 200,
      {
        timeoutMs: 20_000,
        what: 'address row after Redis came back',
      },
    );
  });
});
