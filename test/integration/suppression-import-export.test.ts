import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { callApi } from '../helpers/api-client.js';
import { runCliCommand } from '../helpers/run-cli.js';
import { importCommand } from '../../src/cli/commands/import.js';
import { exportCommand } from '../../src/cli/commands/export.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'import');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

async function postImport(
  service: TestService,
  body: string,
  query = '',
  actor = 'importer@example.com',
) {
  const response = await fetch(`${service.baseUrl}/api/addresses/import${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'x-actor': actor },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const entry = async (service: TestService, address: string, channel = 'email') =>
  callApi(service, 'GET', `/api/addresses/${encodeURIComponent(address)}?channel=${channel}`);

const history = async (service: TestService, address: string) =>
  (await callApi(service, 'GET', `/api/addresses/${encodeURIComponent(address)}/history`)).body
    .history as Array<{ toStatus: string; cause: string; actor: string }>;

async function exportText(service: TestService, query: string) {
  const response = await fetch(`${service.baseUrl}/api/addresses/export${query}`);
  let chunks = 0;
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks++;
    text += decoder.decode(chunk, { stream: true });
  }
  return { status: response.status, type: response.headers.get('content-type'), text, chunks };
}

/** Entries without the times an import sets to its own clock. */
const comparable = (jsonl: string) =>
  jsonl
    .trim()
    .split('\n')
    .map((line) => {
      const { updatedAt: _u, statusSince: _s, ...rest } = JSON.parse(line);
      return rest;
    })
    .sort((a, b) => a.address.localeCompare(b.address));

for (const shape of ['embedded', 'redis'] as const) {
  describe(`suppression import and export (${shape} shape)`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape, env: { ROLES: 'api' } });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('dry-runs an import: counts, sample and line errors, and changes nothing', async () => {
      const result = await postImport(
        service,
        fixture('postmark-suppressions.csv'),
        '?dryRun=true',
      );
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({
        dryRun: true,
        format: 'postmark',
        rows: 4,
        counts: { created: 3, updated: 0, unchanged: 0, error: 1 },
        errors: [{ line: 5, error: 'not an address: "not-an-address"' }],
      });
      expect(result.body.sample.map((s: any) => [s.line, s.address, s.outcome, s.to])).toEqual([
        [2, 'hard.pm@example.com', 'created', 'quarantine'],
        [3, 'spam.pm@example.com', 'created', 'denylisted'],
        [4, 'optout.pm@example.com', 'created', 'denylisted'],
      ]);
      expect((await entry(service, 'hard.pm@example.com')).status).toBe(404);
    });

    it('imports Postmark, audited with the caller as actor; a second import changes and audits nothing', async () => {
      const first = await postImport(service, fixture('postmark-suppressions.csv'));
      expect(first.body.counts).toMatchObject({ created: 3, error: 1 });
      expect((await entry(service, 'hard.pm@example.com')).body).toMatchObject({
        status: 'quarantine',
        reason: 'denylisted_address',
        errorText: 'Postmark hard bounce: HardBounce (origin Recipient)',
        lastErrorAt: '2024-03-01T15:00:00.000Z',
      });
      expect((await entry(service, 'optout.pm@example.com')).body.status).toBe('denylisted');
      const audited = await history(service, 'spam.pm@example.com');
      expect(audited).toEqual([
        expect.objectContaining({
          toStatus: 'denylisted',
          cause: 'import',
          actor: 'importer@example.com',
        }),
      ]);
      const second = await postImport(
        service,
        fixture('postmark-suppressions.csv'),
        '',
        'someone-else',
      );
      expect(second.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, error: 1 });
      expect(await history(service, 'spam.pm@example.com')).toHaveLength(1);
    });

    it.each([
      [
        'ses-suppressed-destinations.json',
        'ses',
        { 'gone.ses@example.com': 'quarantine', 'angry.ses@example.com': 'denylisted' },
        [3],
      ],
      [
        'mailgun-bounces.csv',
        'mailgun',
        { 'bounced.mg@example.com': 'quarantine', 'full.mg@example.org': 'quarantine' },
        [5],
      ],
      ['mailgun-complaints.csv', 'mailgun', { 'complained.mg@example.com': 'denylisted' }, []],
      ['mailgun-unsubscribes.csv', 'mailgun', { 'left.mg@example.com': 'denylisted' }, []],
      ['sendgrid-bounces.csv', 'sendgrid', { 'bounced.sg@example.com': 'quarantine' }, []],
      ['sendgrid-spam-reports.csv', 'sendgrid', { 'spam.sg@example.com': 'denylisted' }, []],
      ['sendgrid-unsubscribes.csv', 'sendgrid', { 'unsub.sg@example.com': 'denylisted' }, []],
      [
        'adobe-denylisted.csv',
        'adobe',
        { 'legacy1@example.net': 'denylisted', 'legacy2@example.net': 'quarantine' },
        [5],
      ],
      ['adobe-address-list.csv', 'adobe', { 'plain1@example.net': 'denylisted' }, []],
    ] as const)('imports %s (detected as %s)', async (file, format, statuses, errorLines) => {
      const result = await postImport(service, fixture(file));
      expect(result.status).toBe(200);
      expect(result.body.format).toBe(format);
      expect(result.body.errors.map((e: any) => e.line)).toEqual(errorLines);
      for (const [address, status] of Object.entries(statuses)) {
        expect((await entry(service, address)).body.status, address).toBe(status);
      }
    });

    it('keeps the stronger status: a later bounce does not turn a complaint back into a quarantine', async () => {
      await postImport(service, 'address,created_at\nboth@example.com,\n');
      const bounce = await postImport(
        service,
        'address,code,error,created_at\nboth@example.com,550,gone,\n',
      );
      expect(bounce.body.counts).toMatchObject({ kept: 1, updated: 0 });
      expect((await entry(service, 'both@example.com')).body.status).toBe('denylisted');
    });

    it('reads an SMS number from an Adobe list on its channel, and honours format= and kind=', async () => {
      expect((await entry(service, '+33612345678', 'sms')).body.status).toBe('denylisted');
      const forced = await postImport(
        service,
        'address,created_at\nforced.unsub@example.com,\n',
        '?format=mailgun&kind=unsubscribe',
      );
      expect(forced.body.format).toBe('mailgun');
      expect((await entry(service, 'forced.unsub@example.com')).body.reason).toBe(
        'denylisted_address',
      );
      const blocks = await postImport(
        service,
        'created,email,reason,status\n1,blocked.sg@example.com,554 blocked,5.7.1\n',
        '?kind=block',
      );
      expect(blocks.body.counts).toMatchObject({ ignored: 1, created: 0 });
    });

    it('answers 400 for a body no format reads, and for an unknown format', async () => {
      const unknown = await postImport(service, 'foo,bar\n1,2\n');
      expect(unknown).toMatchObject({ status: 400, body: { error: 'IMPORT_UNKNOWN_FORMAT' } });
      const bad = await postImport(service, 'x', '?format=nope');
      expect(bad).toMatchObject({ status: 400, body: { error: 'API_BAD_REQUEST' } });
    });

    it('exports CSV and JSONL with the list filters; its own export imports back unchanged', async () => {
      const csv = await exportText(service, '?format=csv&status=quarantine&domain=example.com');
      expect(csv.status).toBe(200);
      expect(csv.type).toContain('text/csv');
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).toBe(
        'address,channel,status,type,reason,errorCount,errorText,firstErrorAt,lastErrorAt,lastDeliveryId,updatedAt,statusSince',
      );
      expect(lines.slice(1).every((line) => line.includes(',quarantine,'))).toBe(true);
      expect(lines.some((line) => line.startsWith('hard.pm@example.com,'))).toBe(true);
      expect(lines.some((line) => line.startsWith('legacy1@example.net,'))).toBe(false);

      const jsonl = await exportText(service, '?format=jsonl');
      const api = (await entry(service, 'legacy2@example.net')).body;
      const exported = jsonl.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(exported.find((e) => e.address === 'legacy2@example.net')).toEqual(api);

      const again = await postImport(service, jsonl.text);
      expect(again.body).toMatchObject({ format: 'rebound', counts: { created: 0, updated: 0 } });
      expect(again.body.counts.unchanged).toBe(exported.length);
      const againCsv = await postImport(service, (await exportText(service, '')).text);
      expect(againCsv.body.counts).toMatchObject({
        created: 0,
        updated: 0,
        unchanged: exported.length,
      });
    });

    it('streams an export of 20,000 entries in many chunks without holding it in memory', async () => {
      const rows = ['email'];
      for (let i = 0; i < 20_000; i++) rows.push(`bulk${i}@bulk.example.com`);
      const loaded = await postImport(service, rows.join('\n') + '\n');
      expect(loaded.body.counts.created).toBe(20_000);
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const result = await exportText(service, '?format=jsonl&domain=bulk.example.com');
      clearInterval(timer);
      expect(result.text.trim().split('\n')).toHaveLength(20_000);
      expect(result.chunks).toBeGreaterThan(1);
      // A loose guard: the whole export as objects would be far more than this.
      expect(peak - before).toBeLessThan(200 * 1024 * 1024);
    });
  });
}

describe('rebound import and rebound export (CLI, PostgreSQL)', () => {
  let work: string;
  let source: TestService;
  let sourceEnv: Record<string, string>;
  let targetEnv: Record<string, string>;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rebound-transfer-'));
    const admin = inject('postgresAdminUrl');
    const suffix = randomBytes(4).toString('hex');
    sourceEnv = {
      DATABASE_URL: await createDatabase(admin, `rebound_src_${suffix}`),
      REDIS_URL: inject('redisUrl'),
    };
    targetEnv = {
      DATABASE_URL: await createDatabase(admin, `rebound_dst_${suffix}`),
      REDIS_URL: inject('redisUrl'),
    };
    source = await startTestService({
      shape: 'redis',
      databaseUrl: sourceEnv.DATABASE_URL!,
      env: { ROLES: 'api' },
    });
  });
  afterAll(async () => {
    await source?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports a file with progress lines on a non-terminal stderr and prints the report', async () => {
    const run = await runCliCommand(
      importCommand,
      [join(FIXTURES, 'mailgun-bounces.csv'), '--actor', 'ops'],
      sourceEnv,
    );
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ format: 'mailgun', counts: { created: 2, error: 1 } });
    // Not a terminal: whole lines, no carriage returns; the last one the totals.
    expect(run.err).toMatch(/rebound import: 100% 3 rows, 2 changed, 1 errors\n$/);
    expect(run.err).not.toContain('\r');
    const history = await callApi(source, 'GET', '/api/addresses/bounced.mg%40example.com/history');
    expect(history.body.history[0]).toMatchObject({ actor: 'ops', cause: 'import' });
  });

  it('dry-runs from the CLI without writing', async () => {
    const run = await runCliCommand(
      importCommand,
      [join(FIXTURES, 'sendgrid-spam-reports.csv'), '--dry-run'],
      sourceEnv,
    );
    expect(run.json).toMatchObject({ dryRun: true, counts: { created: 1 } });
    expect((await entry(source, 'spam.sg@example.com')).status).toBe(404);
  });

  it('round-trips: export, import into an empty store, export again gives the same entries', async () => {
    await runCliCommand(importCommand, [join(FIXTURES, 'rebound-export.jsonl')], sourceEnv);
    await runCliCommand(importCommand, [join(FIXTURES, 'adobe-denylisted.csv')], sourceEnv);
    const first = join(work, 'first.jsonl');
    const exported = await runCliCommand(
      exportCommand,
      ['--format', 'jsonl', '--out', first],
      sourceEnv,
    );
    expect(exported.code).toBe(0);
    expect(exported.err).toMatch(/rebound export: 7 entries/);
    const csv = join(work, 'first.csv');
    await runCliCommand(exportCommand, ['--out', csv], sourceEnv);
    const loaded = await runCliCommand(importCommand, [csv], targetEnv);
    expect(loaded.json).toMatchObject({ format: 'rebound', counts: { created: 7, error: 0 } });
    const second = await runCliCommand(exportCommand, ['--format', 'jsonl'], targetEnv);
    expect(comparable(second.out)).toEqual(comparable(readFileSync(first, 'utf8')));
    expect(comparable(second.out)).toContainEqual(
      expect.objectContaining({
        address: 'restored@example.com',
        type: 'hard',
        reason: 'user_unknown',
        errorCount: 1,
        lastDeliveryId: 'd-42',
        firstErrorAt: '2024-01-01T00:00:00.000Z',
      }),
    );
  });

  it('reports usage errors with exit code 2', async () => {
    expect((await runCliCommand(importCommand, [], sourceEnv)).code).toBe(2);
    expect(
      (await runCliCommand(importCommand, ['x.csv', '--format', 'nope'], sourceEnv)).code,
    ).toBe(2);
    expect((await runCliCommand(exportCommand, ['--format', 'xml'], sourceEnv)).code).toBe(2);
  });
});
