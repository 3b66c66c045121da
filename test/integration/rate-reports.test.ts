import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestService,
  TEST_FBL_ADDRESS,
  TEST_RETURN_PATH_DOMAIN,
  type TestService,
} from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { buildArf } from '../helpers/build-arf.js';
import { waitFor } from '../helpers/wait-for.js';
import { encodeVerpAddress } from '../../src/parse/verp.js';

const SECRET = 'rate-report-secret-16';
const PERIOD = 'from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z';

async function get(service: TestService, path: string) {
  const response = await fetch(`${service.baseUrl}${path}`);
  return { response, text: await response.text() };
}

async function json(service: TestService, path: string) {
  const { response, text } = await get(service, path);
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as { items: Array<Record<string, unknown>>; nextCursor?: string | null };
}

describe('reports with rates against the sends recorded by sender events', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ shape: 'embedded', env: { VERP_SECRET: SECRET } });
    // Delivery camp-1: ten sends to a.example (two of them failed at once), five to b.example.
    const events = [
      ...Array.from({ length: 10 }, (_, i) => ({
        id: `rr-a-${i}`,
        address: `user${i}@a.example`,
        kind: i < 2 ? 'failed' : 'delivered',
        at: '2026-11-20T09:00:00Z',
        deliveryId: 'camp-1',
        ...(i < 2 ? { text: '550 5.1.1 user unknown' } : {}),
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        id: `rr-b-${i}`,
        address: `user${i}@b.example`,
        kind: 'delivered',
        at: '2026-11-20T09:00:00Z',
        deliveryId: 'camp-1',
      })),
    ];
    const posted = await fetch(`${service.baseUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(posted.status).toBe(200);
    // One of b.example's later bounces, on the delivery's signed VERP address.
    const bounce = await sendRawMail({
      port: service.smtpPort,
      from: '',
      to: [
        encodeVerpAddress({
          recipient: 'user3@b.example',
          deliveryId: 'camp-1',
          domain: TEST_RETURN_PATH_DOMAIN,
          secret: SECRET,
        }),
      ],
      raw: buildDsn({ recipients: [{ address: 'user3@b.example', status: '5.2.1' }] }),
    });
    expect(bounce.ok, bounce.response).toBe(true);
    // And a complaint from a.example's feedback loop.
    const complaint = await sendRawMail({
      port: service.smtpPort,
      from: 'feedback@fbl.provider.test',
      to: [TEST_FBL_ADDRESS],
      raw: buildArf({ recipient: 'user5@a.example' }),
    });
    expect(complaint.ok, complaint.response).toBe(true);
    await waitFor(
      async () =>
        (await json(service, `/api/reports/events?${PERIOD}&kind=bounce,complaint`)).items
          .length === 2,
      { timeoutMs: 15_000, what: 'the bounce and the complaint stored' },
    );
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('gives bounce and complaint rates per domain', async () => {
    const report = await json(service, `/api/reports/rates?${PERIOD}&by=domain`);
    expect(report.items).toEqual([
      {
        key: 'a.example',
        sends: 10,
        delivered: 8,
        bounces: 2,
        hardBounces: 2,
        complaints: 1,
        bounceRate: 0.2,
        complaintRate: 0.1,
      },
      {
        key: 'b.example',
        sends: 5,
        delivered: 5,
        bounces: 1,
        // 5.2.1 (account disabled) is a soft error.
        hardBounces: 0,
        complaints: 0,
        bounceRate: 0.2,
        complaintRate: 0,
      },
    ]);
  });

  it('gives them per delivery', async () => {
    const report = await json(service, `/api/reports/rates?${PERIOD}&by=delivery`);
    expect(report.items).toEqual([
      expect.objectContaining({ key: 'camp-1', sends: 15, bounces: 3, bounceRate: 0.2 }),
    ]);
  });

  it('lists events by kind and time window, with a cursor', async () => {
    const failed = await json(service, `/api/reports/events?${PERIOD}&kind=failed&limit=1`);
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ kind: 'failed', domain: 'a.example' });
    const next = await json(
      service,
      `/api/reports/events?${PERIOD}&kind=failed&limit=1&cursor=${failed.nextCursor}`,
    );
    expect(next.items).toHaveLength(1);
    expect(next.items[0]!.id).not.toBe(failed.items[0]!.id);
    const outside = await json(
      service,
      '/api/reports/events?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z',
    );
    expect(outside.items).toEqual([]);
  });

  it('downloads both as CSV', async () => {
    const rates = await get(service, `/api/reports/rates?${PERIOD}&by=domain&format=csv`);
    expect(rates.response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(rates.response.headers.get('content-disposition')).toContain('rates-by-domain.csv');
    expect(rates.text.split('\r\n')).toEqual([
      'key,sends,delivered,bounces,hardBounces,complaints,bounceRate,complaintRate',
      'a.example,10,8,2,2,1,0.2,0.1',
      'b.example,5,5,1,0,0,0.2,0',
      '',
    ]);
    const events = await get(service, `/api/reports/events?${PERIOD}&kind=complaint&format=csv`);
    const lines = events.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,at,kind,channel,address,domain,deliveryId,category,status,replyCode,failureType,reason,effect,diagnostic',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',complaint,email,user5@a.example,a.example,');
  });

  it('rates the non-deliverables report against the sends, not the bounces', async () => {
    const report = await json(service, `/api/reports/non-deliverables?${PERIOD}`);
    const b = (report as unknown as { topDomains: Array<Record<string, unknown>> }).topDomains.find(
      (d) => d.domain === 'b.example',
    );
    expect(b).toMatchObject({ failures: 1, sends: 5, errorRate: 0.2 });
  });
});
