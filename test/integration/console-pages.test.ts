/**
 * The console's Rules and Reports pages and the quarantine list's reason and time filters, in
 * Debian's chromium: each click path asserts what staff see and what the service then holds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { callApi } from '../helpers/api-client.js';
import {
  CONSOLE_OUTPUT_DIR,
  launchBrowser,
  screenshotBothWidths,
  tabThrough,
  type TestBrowser,
} from '../helpers/browser.js';

const GIZMO = '550 5.0.0 Gizmotron refused delivery for plonk reasons';
const DAY = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' };

let sent = 0;
async function bounce(service: TestService, addresses: string[], diagnostic: string, at: Date) {
  sent += 1;
  const raw = buildDsn({
    recipients: addresses.map((address) => ({ address, status: '5.0.0', diagnostic })),
    messageId: `<console-pages-${sent}-${Date.now()}@mx.sender.example>`,
    date: at,
  });
  const answer = await sendRawMail({
    port: service.smtpPort,
    from: '',
    to: [`bounce+p${sent}@${TEST_RETURN_PATH_DOMAIN}`],
    raw,
  });
  expect(answer.ok, answer.response).toBe(true);
}

async function statusOf(service: TestService, address: string): Promise<string> {
  const found = await callApi(service, 'GET', `/api/addresses/${encodeURIComponent(address)}`);
  return found.status === 200 ? (found.body.status as string) : 'absent';
}

async function staffRules(service: TestService): Promise<string[]> {
  const listed = await callApi(service, 'GET', '/api/rules?ruleSet=email');
  return listed.body.items
    .filter((rule: { origin: string }) => rule.origin === 'staff')
    .map((rule: { id: string }) => rule.id);
}

/** Rows of a table as text cells. */
async function cells(page: Page, tableName: string): Promise<string[][]> {
  const table = page.getByRole('table', { name: tableName });
  const rows = table.locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i += 1)
    out.push((await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim()));
  return out;
}

describe('staff console: rules, reports and list filters', () => {
  let service: TestService;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  const shots: string[] = [];
  const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour, 15));

  beforeAll(async () => {
    [service, browser] = await Promise.all([
      startTestService({ shape: 'embedded', env: { ROLES: 'smtp,api,worker' } }),
      launchBrowser(),
    ]);
    await bounce(service, ['g1@plonk.example', 'g2@plonk.example'], GIZMO, at(9));
    await bounce(service, ['g3@other-plonk.example'], GIZMO, at(11));
    await bounce(
      service,
      ['gone@plonk.example'],
      '550 5.1.1 <gone@plonk.example>: no such user',
      at(11),
    );
    await waitFor(
      async () => {
        const listed = await callApi(service, 'GET', '/api/qualifications?q=gizmotron');
        return listed.body.items[0]?.occurrences === 3;
      },
      { timeoutMs: 20_000, what: 'three occurrences of the gizmotron text' },
    );
    await waitFor(async () => (await statusOf(service, 'gone@plonk.example')) === 'quarantine', {
      timeoutMs: 20_000,
      what: 'the user-unknown address quarantined',
    });
    ({ page, errors } = await browser.newPage());
    await page.goto(`${service.baseUrl}/`);
    await page.getByLabel('Your name').fill('dana');
    await page.getByLabel('Your name').press('Tab');
  });

  afterAll(async () => {
    writeFileSync(join(CONSOLE_OUTPUT_DIR, 'screenshots-pages.txt'), `${shots.join('\n')}\n`);
    await browser?.close();
    await service?.stop();
  });

  it('filters the quarantine list by reason and by the updated window, as the API does', async () => {
    for (const [address, reason] of [
      ['full1@filters.example', 'mailbox_full'],
      ['full2@filters.example', 'mailbox_full'],
      ['gone@filters.example', 'user_unknown'],
    ]) {
      const put = await callApi(service, 'PUT', `/api/addresses/${address}`, {
        status: 'quarantine',
        reason,
      });
      expect(put.status).toBe(201);
    }
    await page.goto(`${service.baseUrl}/#/quarantine`);
    await page.getByLabel('Domain').fill('filters.example');
    await page.getByLabel('Reason').selectOption('mailbox_full');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('Page 1: 2 entries.').waitFor();
    const listed = await cells(page, 'Entries');
    expect(listed.map((row) => row[0]).sort()).toEqual([
      'full1@filters.example',
      'full2@filters.example',
    ]);
    const api = await callApi(
      service,
      'GET',
      '/api/addresses?domain=filters.example&reason=mailbox_full',
    );
    expect(api.body.items).toHaveLength(2);
    shots.push(...(await screenshotBothWidths(page, 'quarantine-filters')));
    // A window after every update: nothing.
    await page.getByLabel('Updated from').fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('No entry matches these filters.').waitFor();
    // A window the wrong way round is refused in words, before any call.
    await page.getByLabel('Updated until').fill('2098-01-01T00:00');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('Updated from must be before Updated until.').waitFor();
    expect(await page.getByLabel('Updated from').getAttribute('aria-invalid')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('pages the quarantine list with its keys: / to the filters, n and p for the pages', async () => {
    for (let i = 0; i < 51; i += 1) {
      const put = await callApi(service, 'PUT', `/api/addresses/kb${i}@keys.example`, {
        status: 'quarantine',
        reason: 'user_unknown',
      });
      expect(put.status).toBe(201);
    }
    // A fresh page: the previous test left its filters in this one.
    await page.goto(`${service.baseUrl}/#/quarantine`);
    await page.reload();
    await page.getByText(/^Page 1: \d+ entries\.$/).waitFor();
    await page.locator('#page-title').focus();
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.name')).toBe('q');
    await page.getByLabel('Domain').fill('keys.example');
    await page.getByLabel('Domain').press('Enter');
    await page.getByText('Page 1: 50 entries.').waitFor();
    await page.locator('#page-title').focus();
    await page.keyboard.press('n');
    await page.getByText('Page 2: 1 entry.').waitFor();
    await page.keyboard.press('p');
    await page.getByText('Page 1: 50 entries.').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a bad pattern inline and saves nothing', async () => {
    await page.goto(`${service.baseUrl}/#/rules`);
    await page.getByRole('heading', { name: 'Rule sets and sync' }).waitFor();
    await page.getByRole('table', { name: /Rules of email: \d+ shown/ }).waitFor();
    shots.push(...(await screenshotBothWidths(page, 'rules')));
    await page.getByRole('button', { name: 'New staff rule…' }).click();
    const form = page.getByRole('form', { name: 'New staff rule' });
    await form.getByLabel('Id', { exact: true }).fill('staff.gizmotron');
    await form.getByLabel('Pattern').fill('gizmo(?=tron)');
    await form.getByLabel('Example 1 text').fill(GIZMO);
    await form.getByRole('button', { name: 'Save rule' }).click();
    const pattern = form.getByLabel('Pattern');
    await waitFor(async () => (await pattern.getAttribute('aria-invalid')) === 'true', {
      what: 'the pattern marked invalid',
    });
    const describedBy = (await pattern.getAttribute('aria-describedby'))!.split(' ');
    const errorId = describedBy.find((id) => id.endsWith('-error'))!;
    expect(await page.locator(`#${errorId}`).textContent()).toContain('QUALIFY_PATTERN_INVALID');
    await form.getByText('The rule cannot be saved: 1 problem, shown beside its field.').waitFor();
    expect(await form.locator('.error-summary').textContent()).not.toContain('null');
    // Focus went to the field to fix.
    expect(await page.evaluate('document.activeElement?.name')).toBe('textRegex');
    shots.push(...(await screenshotBothWidths(page, 'rules-editor-invalid')));
    await page.setViewportSize({ width: 768, height: 1024 });
    await form.screenshot({ path: join(CONSOLE_OUTPUT_DIR, 'rules-editor-form-768.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    shots.push(join(CONSOLE_OUTPUT_DIR, 'rules-editor-form-768.png'));
    expect((await callApi(service, 'GET', '/api/rules/staff.gizmotron')).status).toBe(404);
    expect(await staffRules(service)).toEqual([]);
    expect(await statusOf(service, 'g1@plonk.example')).toBe('with_errors');
    expect(errors).toEqual([]);
  });

  it('tests a good rule live on a pasted text, saves it, and its addresses are decided again', async () => {
    const form = page.getByRole('form', { name: 'New staff rule' });
    await form.getByLabel('Pattern').fill('gizmotron refused delivery');
    // Examples stay numbered in order: remove the first of two, the second becomes Example 1.
    await form.getByRole('button', { name: 'Add example' }).click();
    await form.getByLabel('Example 2 text').fill('550 Gizmotron refused delivery (2nd)');
    await form.getByRole('button', { name: 'Remove example 1' }).click();
    expect(await form.getByLabel('Example 1 text').inputValue()).toBe(
      '550 Gizmotron refused delivery (2nd)',
    );
    expect(await form.getByLabel('Example 2 text').count()).toBe(0);
    await form.getByLabel('Text to test').fill('550 5.0.0 Gizmotron refused delivery, id 98765');
    await form.getByText('This rule matches: Hard, User unknown.').waitFor();
    expect(
      await form.getByText(/The rules in force now: Soft, Not defined — To qualify/).count(),
    ).toBe(1);
    await form.getByText('Example 1 holds: Hard, User unknown.').waitFor();
    expect(await form.locator('pre.text-block').textContent()).toBe(
      '550 5.0.0 Gizmotron refused delivery, id #xxx#',
    );
    expect(await pattern(form).getAttribute('aria-invalid')).toBeNull();
    await form.getByRole('button', { name: 'Save rule' }).click();
    const saved = page.getByRole('form', { name: 'Edit rule staff.gizmotron' });
    await saved
      .getByText(/Rule staff\.gizmotron saved\. Re-decided 3 events; 3 addresses changed status\./)
      .waitFor();
    // The editor stays on the saved rule with the same text, tested again.
    await saved.getByText('This rule matches: Hard, User unknown.').waitFor();
    expect(await saved.locator('.match-verdict').count()).toBe(1);
    shots.push(...(await screenshotBothWidths(page, 'rules-editor-saved')));
    const stored = await callApi(service, 'GET', '/api/rules/staff.gizmotron');
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      origin: 'staff',
      updatedBy: 'dana',
      match: { textRegex: 'gizmotron refused delivery' },
      type: 'hard',
      reason: 'user_unknown',
    });
    expect(await staffRules(service)).toEqual(['staff.gizmotron']);
    for (const address of ['g1@plonk.example', 'g2@plonk.example', 'g3@other-plonk.example'])
      expect(await statusOf(service, address)).toBe('quarantine');
    const changes = await cells(page, 'Last rule changes');
    expect(changes[0]!.slice(1)).toEqual(['staff.gizmotron', 'Create', '—', 'dana']);
    // The search finds it among the shipped rules.
    await page.getByLabel('Search', { exact: true }).fill('gizmo');
    const found = await cells(page, 'Rules of email: 1 shown');
    expect(found[0]![0]).toBe('staff.gizmotron');
    expect(errors).toEqual([]);
  });

  it('charts bounces over time by domain; the numbers and the CSV match the API', async () => {
    await page.goto(
      `${service.baseUrl}/#/reports?${new URLSearchParams({ ...DAY, by: 'domain', bucket: 'hour' })}`,
    );
    const overTime = page.locator('section.chart', {
      has: page.getByRole('heading', { name: 'Bounces and complaints over time' }),
    });
    await overTime.getByRole('img').waitFor();
    expect(await overTime.locator('rect').count()).toBeGreaterThanOrEqual(3);
    shots.push(...(await screenshotBothWidths(page, 'reports')));
    await page
      .getByRole('button', { name: 'Show the numbers of bounces and complaints over time' })
      .click();
    const tableName = 'Bounces and complaints over time: the numbers';
    const shown = await cells(page, tableName);
    const api = await callApi(
      service,
      'GET',
      `/api/reports/timeline?${new URLSearchParams({ ...DAY, by: 'domain', bucket: 'hour' })}`,
    );
    expect(api.body.total).toBe(4);
    const expected = api.body.buckets.map((start: string, i: number) => {
      const counts = api.body.series.map((s: { counts: number[] }) => s.counts[i]);
      const total = counts.reduce((a: number, b: number) => a + b, 0);
      return [`${start.slice(0, 10)} ${start.slice(11, 16)}`, ...counts.map(String), String(total)];
    });
    expect(shown).toEqual(expected);
    expect(shown[9]).toEqual(['2026-11-20 09:00', '2', '0', '2']);
    expect(shown[11]).toEqual(['2026-11-20 11:00', '1', '1', '2']);
    const headers = await page
      .getByRole('table', { name: tableName })
      .locator('thead th')
      .allTextContents();
    expect(headers).toEqual(['Hour (UTC)', 'plonk.example', 'other-plonk.example', 'Total']);
    shots.push(...(await screenshotBothWidths(page, 'reports-numbers')));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'Download CSV of bounces and complaints over time' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      'rebound-over-time-by-domain-2026-11-20_2026-11-21.csv',
    );
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv).toEqual([headers.join(','), ...shown.map((row) => row.join(','))]);

    // The top domains and the period's quarantined addresses, from the same period.
    await page.getByRole('button', { name: 'Show the numbers of top domains' }).click();
    const domains = await cells(page, 'Top domains: the numbers');
    // No sender events were posted: no sends to divide by, so no rate.
    expect(domains[0]).toEqual(['plonk.example', '3', '3', '0', 'no sends']);
    const quarantined = page.locator('section.chart', {
      has: page.getByRole('heading', { name: 'Addresses quarantined in the period' }),
    });
    // The user-unknown address, and the three the staff rule decided again (their events' times).
    expect(await quarantined.locator('.big-number').textContent()).toBe('4 addresses');
    expect(errors).toEqual([]);
  });

  it('deletes the staff rule after a confirmation, and not before', async () => {
    await page.goto(`${service.baseUrl}/#/rules`);
    await page.getByRole('button', { name: 'Edit rule staff.gizmotron' }).click();
    const form = page.getByRole('form', { name: 'Edit rule staff.gizmotron' });
    await form.getByRole('button', { name: 'Delete rule…' }).click();
    await form.getByRole('button', { name: 'Keep it' }).click();
    expect((await callApi(service, 'GET', '/api/rules/staff.gizmotron')).status).toBe(200);
    await form.getByRole('button', { name: 'Delete rule…' }).click();
    await form.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText(/^Rule staff\.gizmotron deleted; \d+ address/).waitFor();
    expect((await callApi(service, 'GET', '/api/rules/staff.gizmotron')).status).toBe(404);
    expect(await staffRules(service)).toEqual([]);
    const changes = await cells(page, 'Last rule changes');
    expect(changes[0]!.slice(1, 3)).toEqual(['staff.gizmotron', 'Delete']);
    expect(errors).toEqual([]);
  });

  it('can be used with the keyboard alone: every stop is visible and named', async () => {
    const report: string[] = [];
    const pass = async (name: string, max = 120) => {
      await page.locator('#page-title').waitFor();
      // Polled from here: the console's CSP forbids the string evaluation waitForFunction uses.
      await waitFor(async () => (await page.locator('[aria-busy="true"]').count()) === 0, {
        what: `${name} loaded`,
      });
      const stops = await tabThrough(page, max);
      report.push(
        `## ${name}`,
        ...stops.map((s) => `${s.tag} "${s.name}"${s.visible ? '' : ' (INVISIBLE)'}`),
        '',
      );
      expect(stops.length, name).toBeGreaterThan(5);
      // Usable at 768 px: nothing makes the page itself scroll sideways (wide tables scroll
      // inside their own box).
      await page.setViewportSize({ width: 768, height: 1024 });
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(overflow, `${name}: sideways scroll at 768 px`).toBe(0);
      expect(stops[0]!.name, `${name}: the skip link comes first`).toBe('Skip to content');
      for (const stop of stops) {
        expect(stop.name, `${name}: ${stop.tag} has a name`).not.toBe('');
        expect(stop.visible, `${name}: ${stop.tag} "${stop.name}" is visible`).toBe(true);
      }
      return stops;
    };
    await page.goto(`${service.baseUrl}/#/rules`);
    await pass('rules');
    // The page's shortcuts: / goes to the search, n opens a new rule's editor at its heading.
    await page.locator('#page-title').focus();
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.name')).toBe('q');
    await page.locator('#page-title').focus();
    await page.keyboard.press('n');
    await page.getByRole('form', { name: 'New staff rule' }).waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('rule-editor-title');
    const editorStops = await pass('rules with the editor open', 200);
    const names = editorStops.map((s) => s.name);
    // The editor's controls come in reading order: id before pattern before the live test.
    expect(names.indexOf('Id')).toBeLessThan(names.indexOf('Pattern'));
    expect(names.indexOf('Pattern')).toBeLessThan(names.indexOf('Text to test'));
    expect(names.indexOf('Text to test')).toBeLessThan(names.indexOf('Save rule'));
    await page.goto(
      `${service.baseUrl}/#/reports?${new URLSearchParams({ ...DAY, by: 'kind', bucket: 'hour' })}`,
    );
    await pass('reports');
    await page.goto(`${service.baseUrl}/#/address?address=g1%40plonk.example&channel=email`);
    await page.getByRole('heading', { name: 'Status changes' }).waitFor();
    await pass('address');
    writeFileSync(join(CONSOLE_OUTPUT_DIR, 'keyboard-pass-pages.txt'), report.join('\n'));
  });
});

function pattern(form: ReturnType<Page['getByRole']>) {
  return form.getByLabel('Pattern');
}
