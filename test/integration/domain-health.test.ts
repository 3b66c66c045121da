import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { callApi } from '../helpers/api-client.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { eq } from 'drizzle-orm';
import { changeAudit } from '../../src/store/schema.js';

let counter = 0;
function senderEvent(address: string, kind: 'delivered' | 'failed') {
  counter += 1;
  return {
    id: `dh-${counter}`,
    address,
    kind,
    at: new Date().toISOString(),
    ...(kind === 'failed' ? { text: '421 4.7.0 Try again later, closing connection' } : {}),
  };
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`domain health: a failing recipient domain is paused, its addresses untouched (${shape})`, () => {
    let service: TestService;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      service = await startTestService({
        shape,
        env: {
          WEBHOOK_URL: receiver.url,
          DOMAIN_HEALTH_MIN_SAMPLE: '5',
          DOMAIN_HEALTH_THRESHOLD: '0.8',
          DOMAIN_HEALTH_PAUSE_MINUTES: '90',
        },
      });
    });
    afterAll(async () => {
      await service?.stop();
      await receiver?.close();
    });

    it('pauses once sender events and a bounce reach the sample and the threshold', async () => {
      const events = [
        senderEvent('a@flaky.example', 'delivered'),
        senderEvent('b@flaky.example', 'failed'),
        senderEvent('c@flaky.example', 'failed'),
        senderEvent('d@flaky.example', 'failed'),
      ];
      expect((await callApi(service, 'POST', '/api/events', { events })).status).toBe(200);
      // Four sends: under the sample, not paused.
      const before = await callApi(service, 'GET', '/api/domains/flaky.example/health');
      expect(before.body).toMatchObject({
        status: 'ok',
        pausedUntil: null,
        window: { sends: 4, failures: 3 },
        settings: { minSample: 5, threshold: 0.8, pauseMinutes: 90 },
      });
      // The fifth send is a bounce over SMTP: 4 failures of 5 = 80 %.
      const sent = await sendRawMail({
        port: service.smtpPort,
        from: '',
        to: [`bounce@${TEST_RETURN_PATH_DOMAIN}`],
        raw: buildDsn({
          recipients: [{ address: 'e@flaky.example', status: '5.1.1' }],
          date: new Date(),
          messageId: '<dh-bounce@test>',
        }),
      });
      expect(sent.ok, sent.response).toBe(true);
      await waitFor(
        async () =>
          (await callApi(service, 'GET', '/api/domains/flaky.example/health')).body.status ===
          'paused',
        { timeoutMs: 15_000, what: 'the domain paused' },
      );
      const health = (await callApi(service, 'GET', '/api/domains/flaky.example/health')).body;
      expect(health.lastPause).toMatchObject({ sends: 5, failures: 4, rate: 0.8 });
      const minutes =
        (Date.parse(health.pausedUntil) - Date.parse(health.lastPause.startedAt)) / 60_000;
      expect(minutes).toBe(90);

      // The exclusion check answers with scope domain, for an address never seen too.
      const check = await callApi(service, 'POST', '/api/check', {
        recipients: [{ address: 'new.person@flaky.example' }, { address: 'x@healthy.example' }],
      });
      expect(check.body.excluded).toEqual([
        expect.objectContaining({
          address: 'new.person@flaky.example',
          scope: 'domain',
          status: 'paused',
          until: health.pausedUntil,
        }),
      ]);
      // The pause changed no address status: the delivered one is unknown or valid, the
      // never-seen one has no record.
      expect(
        (
          await callApi(
            service,
            'GET',
            `/api/addresses/${encodeURIComponent('new.person@flaky.example')}`,
          )
        ).status,
      ).toBe(404);
      const delivered = await callApi(service, 'GET', '/api/addresses/a%40flaky.example');
      expect([404, 200]).toContain(delivered.status);
      if (delivered.status === 200) expect(delivered.body.status).toBe('valid');

      await waitFor(
        () =>
          receiver.bodies.some(
            (b) =>
              b.type === 'domain.paused' && b.events?.some((e) => e.domain === 'flaky.example'),
          ),
        { timeoutMs: 20_000, what: 'the domain.paused webhook event' },
      );
      const paused = await callApi(service, 'GET', '/api/domains/paused');
      expect(paused.body.items).toEqual([
        expect.objectContaining({ domain: 'flaky.example', pausedUntil: health.pausedUntil }),
      ]);
      // The metric says the same.
      const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/^rebound_domains_paused 1$/m);
      // More failures while paused start no second pause.
      await callApi(service, 'POST', '/api/events', {
        events: [
          senderEvent('f@flaky.example', 'failed'),
          senderEvent('g@flaky.example', 'failed'),
        ],
      });
      const again = (await callApi(service, 'GET', '/api/domains/flaky.example/health')).body;
      expect(again.pausedUntil).toBe(health.pausedUntil);
    });

    it('takes a per-domain override as data, audited, and lets staff resume', async () => {
      const put = await callApi(service, 'PUT', '/api/domains/Small.Example/health/settings', {
        minSample: 2,
        threshold: 1,
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        domain: 'small.example',
        settings: { minSample: 2, threshold: 1, pauseMinutes: 90 },
        overrides: { minSample: 2, threshold: 1 },
      });
      const audit = await service.service.database.db
        .select()
        .from(changeAudit)
        .where(eq(changeAudit.entityId, 'small.example'));
      expect(audit).toEqual([
        expect.objectContaining({
          entity: 'domain_health_settings',
          action: 'create',
          actor: 'api',
        }),
      ]);
      await callApi(service, 'POST', '/api/events', {
        events: [
          senderEvent('a@small.example', 'failed'),
          senderEvent('b@small.example', 'failed'),
        ],
      });
      expect((await callApi(service, 'GET', '/api/domains/small.example/health')).body.status).toBe(
        'paused',
      );
      const resumed = await callApi(service, 'POST', '/api/domains/small.example/health/resume');
      expect(resumed.body.status).toBe('ok');
      const check = await callApi(service, 'POST', '/api/check', {
        recipients: [{ address: 'c@small.example' }],
      });
      expect(check.body.excluded).toEqual([]);
      // The default (5 sends) still holds for other domains: two failures pause nothing.
      await callApi(service, 'POST', '/api/events', {
        events: [
          senderEvent('a@other.example', 'failed'),
          senderEvent('b@other.example', 'failed'),
        ],
      });
      expect((await callApi(service, 'GET', '/api/domains/other.example/health')).body.status).toBe(
        'ok',
      );
    });
  });
}
