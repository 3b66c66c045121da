/**
 * The staff console in a real browser (Debian's chromium): each click path asserts what staff
 * see and what the service then holds, read back through the API.
 */
import { writeFileSync } from 'node:fs';
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
  screenshot,
  tabThrough,
  type TestBrowser,
} from '../helpers/browser.js';

const TOKEN = 'console-test-token-0123456789';
const ZORB_TEXT = '550 5.0.0 Frobnicator declined message for zorblax reasons';
const OUTAGE_TEXT = '550 5.1.1 <*>: user unknown (provider incident)';
const GARBAGE = 'From: a.person@example.com\r\nSubject: lunch?\r\n\r\nAre you free at noon?\r\n';

let sent = 0;
async function bounce(
  service: TestService,
  addresses: string[],
  diagnostic: string,
  status: string,
) {
  sent += 1;
  const raw = buildDsn({
    recipients: addresses.map((address) => ({ address, status, diagnostic })),
    messageId: `<console-${sent}-${Date.now()}@mx.sender.example>`,
    date: new Date(Date.UTC(2026, 10, 20, 10, sent)),
  });
  const answer = await sendRawMail({
    port: service.smtpPort,
    from: '',
    to: [`bounce+c${sent}@${TEST_RETURN_PATH_DOMAIN}`],
    raw,
  });
  expect(answer.ok, answer.response).toBe(true);
}

async function statusOf(service: TestService, address: string): Promise<string> {
  const found = await callApi(service, 'GET', `/api/addresses/${encodeURIComponent(address)}`);
  return found.status === 200 ? (found.body.status as string) : 'absent';
}

async function waitForStatus(service: TestService, address: string, status: string) {
  await waitFor(async () => (await statusOf(service, address)) === status, {
    timeoutMs: 20_000,
    what: `${address} ${status}`,
  });
}

/** Screenshots of the page as it is now at both widths staff use. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 768, height: 1024 });
  await screenshot(page, `${name}-768`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('staff console, open API on loopback', () => {
  let service: TestService;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  const zorb = ['zorb.one@zorb.example', 'zorb.two@zorb.example', 'zorb.three@other.example'];
  const outage = ['p1@outage-isp.example', 'p2@outage-isp.example', 'p3@outage-isp.example'];

  beforeAll(async () => {
    [service, browser] = await Promise.all([
      startTestService({
        shape: 'embedded',
        env: {
          ROLES: 'smtp,api,worker',
          OUTAGE_GUARD_THRESHOLD: '3',
          OUTAGE_GUARD_WINDOW_MINUTES: '60',
        },
      }),
      launchBrowser(),
    ]);
    await bounce(service, zorb, ZORB_TEXT, '5.0.0');
    for (const address of outage)
      await bounce(service, [address], `550 5.1.1 <${address}>: no such user`, '5.1.1');
    await bounce(
      service,
      ['keep.me@elsewhere.example'],
      '550 5.1.1 <keep.me@elsewhere.example>: no such user',
      '5.1.1',
    );
    // Four hard errors with one text from one domain: the fourth is held by the outage guard.
    for (let i = 0; i < 4; i += 1) {
      const address = `burst${i}@burst.example`;
      await bounce(service, [address], OUTAGE_TEXT.replace('*', address), '5.1.1');
    }
    await sendRawMail({
      port: service.smtpPort,
      from: '',
      to: [`bounce@${TEST_RETURN_PATH_DOMAIN}`],
      raw: GARBAGE,
    });
    for (const address of zorb) await waitForStatus(service, address, 'with_errors');
    for (const address of [...outage, 'keep.me@elsewhere.example'])
      await waitForStatus(service, address, 'quarantine');
    await waitFor(
      async () => {
        const listed = await callApi(service, 'GET', '/api/qualifications?q=zorblax');
        return listed.body.items[0]?.occurrences === 3;
      },
      { timeoutMs: 20_000, what: 'three occurrences of the zorblax text' },
    );
    await waitFor(
      async () => (await callApi(service, 'GET', '/api/holds?status=held')).body.items.length === 1,
      { timeoutMs: 20_000, what: 'an outage hold' },
    );
    await waitFor(
      async () =>
        (await callApi(service, 'GET', '/api/messages?state=unparseable')).body.items.length === 1,
      { timeoutMs: 20_000, what: 'the unparseable message' },
    );
    ({ page, errors } = await browser.newPage());
    await page.goto(`${service.baseUrl}/`);
    await page.getByLabel('Your name').fill('dana');
    await page.getByLabel('Your name').press('Tab');
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('serves the console without a token and opens on To qualify when the API is open', async () => {
    const response = await fetch(`${service.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1, name: 'To qualify' }).waitFor();
    await page.getByText('Open API (no token set)').waitFor();
    expect(errors).toEqual([]);
  });

  it('qualifies a To-qualify text with the keyboard and its addresses change', async () => {
    await page.goto(`${service.baseUrl}/#/qualify`);
    const first = page.locator('.queue-item').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('zorblax');
    expect(await first.textContent()).toContain('3×');
    await page.getByRole('heading', { name: 'Addresses affected: 3' }).waitFor();
    expect(await page.locator('.affected').textContent()).toContain(
      'zorb.example (2), other.example (1)',
    );
    await shoot(page, 'qualify');
    // Keyboard only: h = Hard, r = reason, then a = keep.
    await page.locator('#page-title').focus();
    await page.keyboard.press('h');
    await page.keyboard.press('r');
    await page.keyboard.press('Escape');
    await page.getByLabel('Reason').selectOption('user_unknown');
    await page.locator('#page-title').focus();
    await page.keyboard.press('a');
    const outcome = page.locator('.outcome .ok');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain(
      'Re-decided 3 events of 3 addresses; 3 changed status.',
    );
    const before = page.getByRole('table', { name: /before and after/ });
    expect(await before.locator('tbody tr').count()).toBe(3);
    expect(await before.locator('tbody tr').first().textContent()).toContain(
      'With errorsQuarantine',
    );
    for (const address of zorb) expect(await statusOf(service, address)).toBe('quarantine');
    const row = (await callApi(service, 'GET', '/api/qualifications?q=zorblax')).body.items[0];
    expect(row).toMatchObject({
      status: 'keep',
      type: 'hard',
      reason: 'user_unknown',
      updatedBy: 'dana',
    });
    expect(errors).toEqual([]);
  });

  it('bulk-releases with a dry run, a typed count, then the release', async () => {
    await page.goto(`${service.baseUrl}/#/release`);
    await page.getByLabel('Error text contains').fill('5.1.1');
    await page.getByLabel('Domains').fill('outage-isp.example');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('heading', { name: 'Dry run: 3 addresses would be released' }).waitFor();
    expect(
      await page
        .getByRole('table', { name: /Sample/ })
        .locator('tbody tr')
        .count(),
    ).toBe(3);
    const release = page.getByRole('button', { name: 'Release 3 addresses' });
    expect(await release.isDisabled()).toBe(true);
    await page.getByLabel('Type 3 to confirm').fill('2');
    expect(await release.isDisabled()).toBe(true);
    for (const address of outage) expect(await statusOf(service, address)).toBe('quarantine');
    await page.getByLabel('Type 3 to confirm').fill('3');
    await shoot(page, 'release-dry-run');
    await release.click();
    await page.getByRole('heading', { name: 'Released 3 addresses' }).waitFor();
    await shoot(page, 'release-done');
    for (const address of outage) expect(await statusOf(service, address)).toBe('valid');
    expect(await statusOf(service, 'keep.me@elsewhere.example')).toBe('quarantine');
    const history = await callApi(service, 'GET', `/api/addresses/${outage[0]}/history`);
    expect(history.body.history.at(-1)).toMatchObject({ toStatus: 'valid', actor: 'dana' });
    expect(errors).toEqual([]);
  });

  it('pages the quarantine list by cursor and opens an address with its history', async () => {
    for (let i = 0; i < 53; i += 1) {
      const put = await callApi(
        service,
        'PUT',
        `/api/addresses/page${String(i).padStart(2, '0')}@paging.example`,
        {
          status: 'quarantine',
          reason: 'user_unknown',
        },
      );
      expect(put.status).toBe(201);
    }
    await page.goto(`${service.baseUrl}/#/quarantine`);
    await page.getByLabel('Domain').fill('paging.example');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('Page 1: 50 entries.').waitFor();
    const rows = page.getByRole('table', { name: 'Entries' }).locator('tbody tr');
    expect(await rows.count()).toBe(50);
    await shoot(page, 'quarantine');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2: 3 entries.').waitFor();
    expect(await rows.count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1: 50 entries.').waitFor();

    await page.goto(`${service.baseUrl}/#/address?address=zorb.one%40zorb.example&channel=email`);
    await page.getByRole('heading', { name: 'Status changes' }).waitFor();
    const changes = page.getByRole('table', { name: /Status changes/ });
    expect(await changes.locator('tbody tr').last().textContent()).toContain(
      'With errorsQuarantineUser unknownRequalified',
    );
    expect(await page.getByRole('table', { name: /Events/ }).textContent()).toContain('zorblax');
    await shoot(page, 'address');
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await page.getByText('zorb.one@zorb.example released (Valid).').waitFor();
    expect(await statusOf(service, 'zorb.one@zorb.example')).toBe('valid');
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quarantine list' }).waitFor();
    expect(await statusOf(service, 'zorb.one@zorb.example')).toBe('absent');
    expect(errors).toEqual([]);
  });

  it('creates and edits an entry from the list', async () => {
    await page.goto(`${service.baseUrl}/#/quarantine`);
    await page.getByRole('button', { name: 'New entry…' }).click();
    const form = page.getByRole('form', { name: 'New entry' });
    await form.getByLabel('Address').fill('New.Person@Example.ORG');
    await form.getByLabel('Status', { exact: true }).selectOption('denylisted');
    await form.getByLabel('Error text').fill('complaint by phone');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'new.person@example.org' }).waitFor();
    expect(await statusOf(service, 'new.person@example.org')).toBe('denylisted');
    await page.getByText('Edit this entry').click();
    const edit = page.getByRole('form', { name: 'Edit' });
    await edit.getByLabel('Status', { exact: true }).selectOption('allowlisted');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('new.person@example.org saved: Allowlisted.').waitFor();
    expect(await statusOf(service, 'new.person@example.org')).toBe('allowlisted');
    expect(errors).toEqual([]);
  });

  it('discards an outage hold and rebuilds its addresses', async () => {
    expect(await statusOf(service, 'burst0@burst.example')).toBe('quarantine');
    await page.goto(`${service.baseUrl}/#/holds`);
    const discard = page.getByRole('button', { name: /Discard hold \d+ of burst\.example/ });
    await discard.waitFor();
    await shoot(page, 'holds');
    await discard.click();
    await page
      .getByText(/Hold \d+ of burst\.example discarded: 4 events, 3 addresses changed\./)
      .waitFor();
    // The list re-renders after the announcement: wait for its empty state (fails if it never comes).
    await page.getByText('No hold is waiting: no outage detected.').waitFor({ timeout: 15_000 });
    const holds = await callApi(service, 'GET', '/api/holds?status=discarded');
    expect(holds.body.items[0]).toMatchObject({ domain: 'burst.example', decidedBy: 'dana' });
    for (let i = 0; i < 3; i += 1)
      expect(await statusOf(service, `burst${i}@burst.example`)).toBe('valid');
    expect(errors).toEqual([]);
  });

  it('shows an unparseable message raw and retries it', async () => {
    await page.goto(`${service.baseUrl}/#/spool`);
    const view = page.getByRole('button', { name: /View message \d+/ });
    await view.waitFor();
    await view.click();
    await page.getByRole('heading', { name: /as received/ }).waitFor();
    expect(await page.locator('pre.raw').textContent()).toBe(GARBAGE);
    await shoot(page, 'spool');
    const id = Number((await view.getAttribute('aria-label'))!.replace(/\D/g, ''));
    const before = (await callApi(service, 'GET', '/api/messages?state=unparseable')).body.items[0];
    expect(before.id).toBe(id);
    await page.getByRole('button', { name: `Retry message ${id}` }).click();
    await page.getByText(`Message ${id} queued again`).waitFor();
    await waitFor(
      async () => {
        const listed = await callApi(service, 'GET', `/api/messages?state=unparseable`);
        const item = listed.body.items.find((m: { id: number }) => m.id === id);
        return item !== undefined && item.processedAt !== before.processedAt;
      },
      { what: 'the retried message read again by the worker' },
    );
    expect(errors).toEqual([]);
  });

  it('can be used with the keyboard alone: every stop is visible and named', async () => {
    const report: string[] = [];
    for (const route of ['qualify', 'quarantine', 'release', 'holds', 'spool']) {
      await page.goto(`${service.baseUrl}/#/${route}`);
      await page.locator('#page-title').waitFor();
      // A function, not a string: a string predicate is eval'd in the page, which the console's
      // CSP forbids (the tests compile without the DOM library, hence the cast).
      await page.waitForFunction(
        () =>
          (
            globalThis as unknown as { document: { querySelector(selector: string): unknown } }
          ).document.querySelector('[aria-busy=true]') === null,
      );
      const stops = await tabThrough(page);
      report.push(
        `## ${route}`,
        ...stops.map((s) => `${s.tag} "${s.name}"${s.visible ? '' : ' (INVISIBLE)'}`),
        '',
      );
      expect(stops.length, route).toBeGreaterThan(5);
      expect(stops[0]!.name, `${route}: the skip link comes first`).toBe('Skip to content');
      for (const stop of stops) {
        expect(stop.name, `${route}: ${stop.tag} has a name`).not.toBe('');
        expect(stop.visible, `${route}: ${stop.tag} "${stop.name}" is visible`).toBe(true);
      }
    }
    writeFileSync(join(CONSOLE_OUTPUT_DIR, 'keyboard-pass.txt'), report.join('\n'));
  });
});

describe('staff console behind API_TOKEN', () => {
  let service: TestService;
  let browser: TestBrowser;

  beforeAll(async () => {
    [service, browser] = await Promise.all([
      startTestService({ shape: 'embedded', env: { ROLES: 'api,worker', API_TOKEN: TOKEN } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('refuses a wrong token in words, keeps nothing, then signs in with the right one', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${service.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await shoot(page, 'sign-in');
    await page.getByLabel('API token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refused = page.locator('#sign-in-error');
    await refused
      .getByText(/Sign-in refused: The API refused the token \(401 API_UNAUTHORIZED\)/)
      .waitFor();
    await shoot(page, 'sign-in-refused');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(await page.isVisible('nav[aria-label="Console pages"]')).toBe(false);

    await page.getByLabel('API token').fill(TOKEN);
    await page.getByLabel('Your name').fill('erin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'To qualify' }).waitFor();
    await page.getByText('Nothing to qualify').waitFor();
    expect(page.url()).not.toContain(TOKEN);
    await page.getByText('Signed in as erin').waitFor({ timeout: 15_000 });

    // The token stops working (rotated): the next call sends staff back to sign-in, in words.
    await page.evaluate(
      `sessionStorage.setItem('rebound.console.token', 'rotated-away-token-000')`,
    );
    await page.getByRole('link', { name: 'Holds' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.locator('#alert').textContent()).toContain('The API refused the token (401');
    expect(await page.evaluate(`sessionStorage.getItem('rebound.console.token')`)).toBeNull();
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
