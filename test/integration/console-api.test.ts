/**
 * The API routes the console's Rules, To qualify and Reports pages use beside the older ones:
 * the rule dry run, the rule sets' sync status and changes, the addresses a text affects, and
 * the bounces-and-complaints timeline. Each answer is checked against what was sent or stored.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServiceProcess } from '../helpers/service-process.js';
import { freePort } from '../helpers/free-port.js';
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
import { callApi } from '../helpers/api-client.js';

const NOVEL = '550 5.0.0 Gizmotron refused delivery for plonk reasons';

const goodRule = {
  id: 'staff.gizmotron',
  description: 'The gizmotron refusal means the mailbox is gone.',
  priority: 500,
  match: { textRegex: 'gizmotron refused delivery' },
  type: 'hard',
  reason: 'user_unknown',
  examples: [
    {
      input: { text: NOVEL, status: '5.0.0' },
      expect: { type: 'hard', reason: 'user_unknown' },
    },
  ],
};

let sent = 0;
async function bounce(service: TestService, addresses: string[], diagnostic: string, at: Date) {
  sent += 1;
  const raw = buildDsn({
    recipients: addresses.map((address) => ({ address, status: '5.0.0', diagnostic })),
    messageId: `<console-api-${sent}-${Date.now()}@mx.sender.example>`,
    date: at,
  });
  const answer = await sendRawMail({
    port: service.smtpPort,
    from: '',
    to: [`bounce+k${sent}@${TEST_RETURN_PATH_DOMAIN}`],
    raw,
  });
  expect(answer.ok, answer.response).toBe(true);
}

describe('console API: rule dry run, rule sets, text addresses, timeline', () => {
  let service: TestService;
  const hour = (h: number) => new Date(Date.UTC(2026, 10, 20, h, 15));

  beforeAll(async () => {
    service = await startTestService({ shape: 'embedded', env: { ROLES: 'smtp,api,worker' } });
    await bounce(service, ['a1@plonk.example', 'a2@plonk.example'], NOVEL, hour(9));
    await bounce(service, ['b1@other-plonk.example'], NOVEL, hour(11));
    // A feedback-loop complaint dated 2026-11-20 about 12:00 (build-arf's fixed dates).
    const complaint = await sendRawMail({
      port: service.smtpPort,
      from: '',
      to: [TEST_FBL_ADDRESS],
      raw: buildArf({ recipient: 'angry@complain.example' }),
    });
    expect(complaint.ok, complaint.response).toBe(true);
    await waitFor(
      async () =>
        (await callApi(service, 'GET', '/api/addresses/angry%40complain.example')).status === 200,
      { timeoutMs: 20_000, what: 'the complaint recorded' },
    );
    await waitFor(
      async () => {
        const listed = await callApi(service, 'GET', '/api/qualifications?q=gizmotron');
        return listed.body.items[0]?.occurrences === 3;
      },
      { timeoutMs: 20_000, what: 'three occurrences of the gizmotron text' },
    );
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('reports a bad pattern by field and stores nothing', async () => {
    const bad = { ...goodRule, id: 'staff.bad', match: { textRegex: 'gizmo(?=tron)' } };
    const trial = await callApi(service, 'POST', '/api/rule-tests', {
      ruleSet: 'email',
      rule: bad,
      sample: { text: NOVEL },
    });
    expect(trial.status).toBe(200);
    expect(trial.body.valid).toBe(false);
    expect(trial.body.problems[0]).toMatchObject({ field: 'match.textRegex' });
    expect(trial.body.problems[0].message).toContain('QUALIFY_PATTERN_INVALID');
    expect(trial.body.sample).toMatchObject({ matches: false, inForce: { toQualify: true } });
    expect((await callApi(service, 'GET', '/api/rules/staff.bad')).status).toBe(404);
  });

  it('runs a good rule on its examples and on a pasted text, without saving it', async () => {
    const trial = await callApi(service, 'POST', '/api/rule-tests', {
      ruleSet: 'email',
      rule: goodRule,
      sample: { text: '550 5.0.0 GIZMOTRON refused delivery for id 12345' },
    });
    expect(trial.body).toMatchObject({
      valid: true,
      problems: [],
      examples: [{ index: 0, ok: true }],
      sample: {
        normalizedText: '550 5.0.0 GIZMOTRON refused delivery for id #xxx#',
        matches: true,
        withRule: { type: 'hard', reason: 'user_unknown', ruleId: 'staff.gizmotron' },
        inForce: { toQualify: true },
      },
    });
    expect((await callApi(service, 'GET', '/api/rules/staff.gizmotron')).status).toBe(404);
  });

  it('names the example a rule does not satisfy', async () => {
    const trial = await callApi(service, 'POST', '/api/rule-tests', {
      ruleSet: 'email',
      rule: { ...goodRule, match: { textRegex: 'frobnicator' } },
    });
    expect(trial.body.valid).toBe(false);
    expect(trial.body.problems).toEqual([
      { field: 'examples.0', message: 'expects hard/user_unknown, the rule gives no match' },
    ]);
    expect(trial.body.examples[0]).toMatchObject({ ok: false, actual: { ruleId: null } });
    expect(trial.body.sample).toBeNull();
  });

  it('refuses an unknown rule set in words', async () => {
    const trial = await callApi(service, 'POST', '/api/rule-tests', {
      ruleSet: 'nope',
      rule: goodRule,
    });
    expect(trial.body.valid).toBe(false);
    expect(trial.body.problems[0]).toMatchObject({ field: 'ruleSet' });
  });

  it('lists the addresses a To-qualify text affects, with their domains', async () => {
    const row = (await callApi(service, 'GET', '/api/qualifications?q=gizmotron')).body.items[0];
    const found = await callApi(service, 'GET', `/api/qualifications/${row.id}/addresses`);
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(3);
    expect(found.body.domains).toEqual([
      { domain: 'plonk.example', addresses: 2 },
      { domain: 'other-plonk.example', addresses: 1 },
    ]);
    expect(found.body.items[0]).toMatchObject({
      address: 'b1@other-plonk.example',
      status: 'with_errors',
      events: 1,
      lastEventAt: hour(11).toISOString(),
    });
    expect((await callApi(service, 'GET', '/api/qualifications/999999/addresses')).status).toBe(
      404,
    );
  });

  it('shows the rule sets with their counts, and a staff change first among the changes', async () => {
    const created = await callApi(
      service,
      'POST',
      '/api/rules',
      { ...goodRule, ruleSet: 'email' },
      'dana',
    );
    expect(created.status).toBe(201);
    const sets = await callApi(service, 'GET', '/api/rule-sets?changes=5');
    expect(sets.status).toBe(200);
    const email = sets.body.sets.find((s: { name: string }) => s.name === 'email');
    expect(email.rules.staff).toBe(1);
    expect(email.rules.shipped).toBeGreaterThan(10);
    expect(email.versionsInForce).toHaveLength(2);
    expect(email.lastSync).toMatchObject({ source: expect.any(String) });
    expect(sets.body.changes[0]).toMatchObject({
      ruleId: 'staff.gizmotron',
      action: 'create',
      actor: 'dana',
    });
    expect(sets.body.changes.length).toBeLessThanOrEqual(5);
  });

  it('counts bounces per hour by domain, the same as what was sent', async () => {
    const timeline = await callApi(
      service,
      'GET',
      `/api/reports/timeline?from=${hour(8).toISOString()}&to=${hour(11).toISOString()}&by=domain&bucket=hour`,
    );
    expect(timeline.status).toBe(200);
    expect(timeline.body.buckets).toEqual([
      '2026-11-20T08:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
      '2026-11-20T10:00:00.000Z',
      '2026-11-20T11:00:00.000Z',
    ]);
    // Until 11:15 exclusive: the 11:15 bounce is in, the complaint (about 12:00) is not.
    expect(timeline.body.series).toEqual([
      { key: 'plonk.example', total: 2, counts: [0, 2, 0, 0] },
    ]);
    expect(timeline.body.total).toBe(2);
    const wider = await callApi(
      service,
      'GET',
      `/api/reports/timeline?from=${hour(8).toISOString()}&to=${hour(13).toISOString()}&by=domain&bucket=hour&top=1`,
    );
    expect(wider.body.series.map((s: { key: string; total: number }) => [s.key, s.total])).toEqual([
      ['plonk.example', 2],
      ['(other)', 2],
    ]);
    const byKind = await callApi(
      service,
      'GET',
      `/api/reports/timeline?from=${hour(0).toISOString()}&to=${hour(23).toISOString()}&by=kind&bucket=day`,
    );
    expect(byKind.body.series).toEqual([
      { key: 'bounce', total: 3, counts: [3] },
      { key: 'complaint', total: 1, counts: [1] },
    ]);
    const byType = await callApi(
      service,
      'GET',
      `/api/reports/timeline?from=${hour(0).toISOString()}&to=${hour(23).toISOString()}&by=type&bucket=day`,
    );
    // Hard: the staff rule saved above decided the three bounces again.
    expect(byType.body.series.map((s: { key: string }) => s.key)).toEqual(['hard', 'complaint']);
    const tooMany = await callApi(
      service,
      'GET',
      '/api/reports/timeline?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=hour',
    );
    expect(tooMany.status).toBe(400);
  });
});

describe('the console URL at start', { timeout: 120_000 }, () => {
  it('is logged (api.console) and written as a plain line on stderr, and serves the console', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rebound-console-url-'));
    cpSync(join(inject('embeddedTemplateDir'), 'pglite'), join(dataDir, 'pglite'), {
      recursive: true,
    });
    const httpPort = await freePort();
    const proc = startServiceProcess('api', { DATA_DIR: dataDir, HTTP_PORT: String(httpPort) });
    try {
      await proc.started();
      const url = `http://127.0.0.1:${httpPort}/`;
      expect(proc.lines.find((line) => line.event === 'api.console')).toMatchObject({ url });
      await waitFor(
        () =>
          proc.lines.some((l) => l.event === 'stderr' && l.text === `Rebound console: ${url}\n`),
        { what: 'the plain console line on stderr' },
      );
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Rebound console');
    } finally {
      await proc.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
