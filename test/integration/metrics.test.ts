import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { freePort } from '../helpers/free-port.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { parsePrometheusText, sumOf, type Sample } from '../helpers/prometheus-text.js';

const METRICS_TOKEN = 'prometheus-token-0123456789';
const INTAKE_TOKEN = 'intake-token-0123456789abc';
const ADMIN_TOKEN = 'admin-token-0123456789abcd';
const API_TOKENS = `prom:metrics:${METRICS_TOKEN},sender:intake:${INTAKE_TOKEN},ops:admin:${ADMIN_TOKEN}`;

/** Every metric the service promises at /metrics (README "Metrics"). */
const SHARED_METRICS = [
  'rebound_spool_messages',
  'rebound_spool_oldest_received_age_seconds',
  'rebound_queue_jobs',
  'rebound_qualifications_to_qualify',
  'rebound_holds_open',
  'rebound_ready',
  'rebound_readiness_check',
  'rebound_database_up',
];
const PROCESS_METRICS = [
  'rebound_smtp_sessions_total',
  'rebound_smtp_replies_total',
  'rebound_messages_accepted_total',
  'rebound_worker_messages_total',
  'rebound_worker_message_duration_seconds_bucket',
  'rebound_worker_message_latency_seconds_bucket',
  'rebound_decisions_total',
  'rebound_rule_hits_total',
  'rebound_process_resident_memory_bytes',
];

async function scrape(url: string, token = METRICS_TOKEN): Promise<Sample[]> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

function names(samples: readonly Sample[]): Set<string> {
  return new Set(samples.map((s) => s.name));
}

/** Distinct bytes each time (a repeated message would be a duplicate), one hard and one soft. */
async function sendBounces(smtpPort: number, tag: string, count: number) {
  for (let i = 0; i < count; i++) {
    const sent = await sendRawMail({
      port: smtpPort,
      from: '',
      to: [`bounce+m${i}@${TEST_RETURN_PATH_DOMAIN}`],
      raw: buildDsn({
        messageId: `<metrics-${tag}-${i}@mx.sender.example>`,
        recipients: [
          {
            address: `gone-${tag}-${i}@example.org`,
            status: '5.1.1',
            diagnostic: '550 5.1.1 <x@example.org>: Recipient address rejected: User unknown',
          },
          {
            address: `full-${tag}-${i}@example.org`,
            status: '4.2.2',
            diagnostic: '452 4.2.2 Mailbox full',
          },
        ],
      }),
    });
    expect(sent.ok, sent.response).toBe(true);
  }
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`/metrics after a run (${shape} shape, all roles)`, () => {
    let service: TestService;
    beforeAll(async () => {
      // A webhook nobody listens on: every status change stays in the outbox, so its lag shows.
      const webhook = `http://127.0.0.1:${await freePort()}/hook`;
      service = await startTestService({ shape, env: { API_TOKENS, WEBHOOK_URL: webhook } });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('asks for a token with the metrics scope', async () => {
      const url = `${service.baseUrl}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const intake = await fetch(url, { headers: { authorization: `Bearer ${INTAKE_TOKEN}` } });
      expect(intake.status).toBe(403);
      await scrape(url, ADMIN_TOKEN);
    });

    it('counts accepted messages, replies, decisions, rule hits and spool states', async () => {
      const url = `${service.baseUrl}/metrics`;
      const before = await scrape(url);
      const processedBefore = sumOf(before, 'rebound_spool_messages', { state: 'processed' });
      await sendBounces(service.smtpPort, shape, 3);
      let after: Sample[] = [];
      await waitFor(
        async () => {
          after = await scrape(url);
          return (
            sumOf(after, 'rebound_spool_messages', { state: 'processed' }) >= processedBefore + 3
          );
        },
        { timeoutMs: 20_000, what: 'three messages processed' },
      );
      const present = names(after);
      for (const name of [...SHARED_METRICS, ...PROCESS_METRICS])
        expect(present.has(name), name).toBe(true);
      const moved = (name: string, labels: Record<string, string> = {}) =>
        sumOf(after, name, labels) - sumOf(before, name, labels);
      expect(moved('rebound_messages_accepted_total', { source: 'smtp' })).toBe(3);
      expect(moved('rebound_smtp_replies_total', { code: '250' })).toBe(3);
      expect(moved('rebound_smtp_sessions_total')).toBeGreaterThanOrEqual(3);
      expect(moved('rebound_worker_messages_total', { outcome: 'processed' })).toBe(3);
      expect(moved('rebound_worker_message_latency_seconds_count')).toBe(3);
      expect(moved('rebound_worker_message_duration_seconds_count', { outcome: 'processed' })).toBe(
        3,
      );
      expect(moved('rebound_decisions_total', { type: 'hard' })).toBeGreaterThanOrEqual(3);
      expect(moved('rebound_decisions_total', { type: 'soft' })).toBeGreaterThanOrEqual(3);
      expect(moved('rebound_rule_hits_total')).toBe(6);
      expect(sumOf(after, 'rebound_spool_messages', { state: 'received' })).toBe(0);
      expect(sumOf(after, 'rebound_ready')).toBe(1);
      expect(sumOf(after, 'rebound_readiness_check', { check: 'spool' })).toBe(1);
      expect(sumOf(after, 'rebound_database_up')).toBe(1);
      expect(sumOf(after, 'rebound_queue_jobs', { state: 'failed' })).toBe(0);
      // Three quarantines and three with-errors changes wait for the unreachable webhook.
      await waitFor(
        async () =>
          sumOf(await scrape(url), 'rebound_webhook_outbox_lag_rows', { webhook: 'default' }) >=
          sumOf(before, 'rebound_webhook_outbox_lag_rows', { webhook: 'default' }) + 6,
        { timeoutMs: 10_000, what: 'the outbox lag to count the status changes' },
      );
      expect(names(await scrape(url)).has('rebound_webhook_outbox_lag_seconds')).toBe(true);
    });

    it('refuses a recipient it does not serve, and counts the 550', async () => {
      const url = `${service.baseUrl}/metrics`;
      const before = sumOf(await scrape(url), 'rebound_smtp_replies_total', { code: '550' });
      const sent = await sendRawMail({
        port: service.smtpPort,
        from: '',
        to: ['someone@not-ours.example'],
        raw: 'Subject: x\r\n\r\nx\r\n',
      });
      expect(sent.ok).toBe(false);
      const after = sumOf(await scrape(url), 'rebound_smtp_replies_total', { code: '550' });
      expect(after - before).toBe(1);
    });
  });
}

// The production shape split in processes: the API process reports the shared gauges; the
// worker-only process counts its decisions and shows them on its own METRICS_PORT listener.
describe('/metrics in the split shape (api+smtp process, worker-only process)', () => {
  const processes: ServiceProcess[] = [];
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
  });

  it('shows shared gauges on the API and the worker counters on the worker listener', async () => {
    const [smtpPort, httpPort, workerMetricsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const env = {
      DATABASE_URL: await createDatabase(inject('postgresAdminUrl'), 'rebound_metrics_split'),
      REDIS_URL: inject('redisUrl'),
      QUEUE_NAME: 'metrics-split',
      RETURN_PATH_DOMAINS: TEST_RETURN_PATH_DOMAIN,
      API_TOKENS,
      SMTP_PORT: String(smtpPort),
      HTTP_PORT: String(httpPort),
    };
    const front = startServiceProcess('smtp,api', env);
    processes.push(front);
    const worker = startServiceProcess('worker', {
      ...env,
      HTTP_PORT: '0',
      METRICS_PORT: String(workerMetricsPort),
    });
    processes.push(worker);
    await Promise.all([front.started(), worker.started()]);

    await sendBounces(smtpPort, 'split', 2);
    const apiUrl = `http://127.0.0.1:${httpPort}/metrics`;
    let api: Sample[] = [];
    await waitFor(
      async () => {
        api = await scrape(apiUrl);
        return sumOf(api, 'rebound_spool_messages', { state: 'processed' }) === 2;
      },
      { timeoutMs: 30_000, what: 'two messages processed by the worker process' },
    );
    expect(sumOf(api, 'rebound_messages_accepted_total', { source: 'smtp' })).toBe(2);
    // The API process runs no worker: it counted no decision of its own.
    expect(sumOf(api, 'rebound_decisions_total')).toBe(0);

    const workerUrl = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    expect((await fetch(workerUrl)).status).toBe(401);
    const own = await scrape(workerUrl);
    expect(sumOf(own, 'rebound_decisions_total', { type: 'hard' })).toBe(2);
    expect(sumOf(own, 'rebound_worker_messages_total', { outcome: 'processed' })).toBe(2);
    expect(sumOf(own, 'rebound_worker_message_latency_seconds_count')).toBe(2);
    // Shared gauges are left to the API process, so a sum over processes counts them once.
    expect(names(own).has('rebound_spool_messages')).toBe(false);
  });
});
