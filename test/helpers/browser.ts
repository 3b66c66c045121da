/**
 * Debian's chromium driven by playwright-core for the console tests. playwright-core never
 * downloads a browser: we point it at /usr/bin/chromium, installed by apt-get when missing.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureDebianPackages } from './debian-packages.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots and keyboard-pass notes for review (git-ignored). */
export const CONSOLE_OUTPUT_DIR = fileURLToPath(
  new URL('../../test-output/console', import.meta.url),
);

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab (its own sessionStorage) at the given width. */
  newPage(width?: number): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  ensureDebianPackages([{ binary: CHROMIUM, pkg: 'chromium' }]);
  mkdirSync(CONSOLE_OUTPUT_DIR, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'rebound-chromium-'));
  // A persistent context on a fresh profile folder: playwright passes it as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async newPage(width = 1280) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      // Any script error or failed console load fails the test that asserts on it.
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      return { page, errors };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot under test-output/console/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(CONSOLE_OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Full-page screenshots at the two widths staff use (1280 and 768 px); answers their paths. */
export async function screenshotBothWidths(page: Page, name: string): Promise<string[]> {
  const paths: string[] = [];
  for (const [width, height] of [
    [1280, 900],
    [768, 1024],
  ] as const) {
    await page.setViewportSize({ width, height });
    paths.push(await screenshot(page, `${name}-${width}`));
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return paths;
}

export interface FocusStop {
  tag: string;
  name: string;
  visible: boolean;
}

/**
 * Presses Tab up to `max` times from the top of the page and records each focused element
 * with its accessible name as a screen reader would read it (label, aria-label or text).
 */
// Runs in the page (strings: the tests are compiled without the DOM library).
// Focus a throwaway element at the very top: the next Tab starts where a fresh page would.
const FROM_TOP = `(() => {
  const start = document.createElement('span');
  start.tabIndex = -1;
  start.id = 'tab-start';
  document.body.prepend(start);
  start.focus();
})()`;
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const byId = el.id ? document.querySelector('label[for="' + el.id + '"]') : null;
  const wrapping = el.closest('label');
  const name = (el.getAttribute('aria-label') ?? byId?.textContent ?? wrapping?.textContent ?? el.textContent ?? '')
    .trim().replace(/\\s+/g, ' ');
  const box = el.getBoundingClientRect();
  // Tab walks through the parts of a date-time input (day, month, hour…) on one element.
  const same = window.__tabLast === el;
  window.__tabLast = el;
  const seen = !same && el.dataset.tabSeen === 'seen';
  el.dataset.tabSeen = 'seen';
  const type = el.getAttribute('type');
  return {
    tag: el.tagName.toLowerCase() + (type ? '[' + type + ']' : ''),
    name,
    visible: box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden',
    seen,
    same,
  };
})()`;
const UNMARK = `(() => {
  for (const el of document.querySelectorAll('[data-tab-seen]')) delete el.dataset.tabSeen;
  document.getElementById('tab-start')?.remove();
  delete window.__tabLast;
})()`;

/**
 * Presses Tab up to `max` times from the top of the page and records each focused element
 * with its accessible name as a screen reader would read it (aria-label, label or text),
 * until focus comes back to an element already seen.
 */
export async function tabThrough(page: Page, max = 120): Promise<FocusStop[]> {
  await page.evaluate(FROM_TOP);
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const stop = (await page.evaluate(FOCUSED)) as
      (FocusStop & { seen: boolean; same: boolean }) | null;
    if (!stop || stop.same) continue;
    if (stop.seen) break;
    stops.push({ tag: stop.tag, name: stop.name, visible: stop.visible });
  }
  await page.evaluate(UNMARK);
  return stops;
}
