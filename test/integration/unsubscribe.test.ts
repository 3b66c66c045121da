import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { runCliCommand } from '../helpers/run-cli.js';
import { unsubscribeLinkCommand } from '../../src/cli/commands/unsubscribe-link.js';
import { createUnsubscribeLink } from '../../src/unsubscribe/unsubscribe-token.js';
import { addressOptOuts, changeAudit } from '../../src/store/schema.js';

const SECRET = 'unsubscribe-secret-for-tests';

async function check(service: TestService, address: string, serviceName?: string) {
  const response = await fetch(`${service.baseUrl}/api/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      recipients: [{ address, ...(serviceName ? { service: serviceName } : {}) }],
    }),
  });
  return ((await response.json()) as { excluded: Array<Record<string, unknown>> }).excluded;
}

function unsubscribeMail(from: string, extra = ''): string {
  return [
    `From: Reader <${from}>`,
    `To: unsubscribe@${TEST_RETURN_PATH_DOMAIN}`,
    'Subject: unsubscribe',
    `Message-ID: <unsub-${from}@test>`,
    extra,
    'Content-Type: text/plain',
    '',
    'Please remove me.',
    '',
  ]
    .filter((line, i) => i !== 4 || line !== '')
    .join('\r\n');
}

function oneClick(url: string, body = 'List-Unsubscribe=One-Click') {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

async function optOutRows(service: TestService, address: string) {
  return service.service.database.db
    .select()
    .from(addressOptOuts)
    .where(eq(addressOptOuts.address, address));
}

async function auditRows(service: TestService, address: string) {
  return service.service.database.db
    .select()
    .from(changeAudit)
    .where(
      and(eq(changeAudit.entity, 'address_optout'), eq(changeAudit.entityId, `email:${address}`)),
    )
    .orderBy(changeAudit.id);
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`unsubscribe: mailto without a profile id and RFC 8058 one-click (${shape})`, () => {
    let service: TestService;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      service = await startTestService({
        shape,
        env: {
          VERP_SECRET: SECRET,
          WEBHOOK_URL: receiver.url,
          UNSUBSCRIBE_BASE_URL: 'https://rebound.example.test',
          UNSUBSCRIBE_RATE_PER_MINUTE: '25',
        },
      });
    });
    afterAll(async () => {
      await service?.stop();
      await receiver?.close();
    });

    it('turns a mailto: unsubscribe without a profile id into an address opt-out, not a quarantine', async () => {
      const sent = await sendRawMail({
        port: service.smtpPort,
        from: 'reader@example.org',
        to: [`unsubscribe@${TEST_RETURN_PATH_DOMAIN}`],
        raw: unsubscribeMail('Mail.Reader@Example.org'),
      });
      expect(sent.ok, sent.response).toBe(true);
      await waitFor(async () => (await check(service, 'mail.reader@example.org')).length > 0, {
        timeoutMs: 15_000,
        what: 'the opt-out in the exclusion check',
      });
      expect(await check(service, 'Mail.Reader@example.org')).toEqual([
        expect.objectContaining({
          address: 'mail.reader@example.org',
          scope: 'optout',
          cause: 'unsubscribe',
          source: 'mailto',
        }),
      ]);
      const [row] = await optOutRows(service, 'mail.reader@example.org');
      expect(row).toMatchObject({ channel: 'email', service: '', source: 'mailto' });
      // Not a quarantine: the address has no status record at all.
      const address = await fetch(
        `${service.baseUrl}/api/addresses/${encodeURIComponent('mail.reader@example.org')}`,
      );
      expect(address.status).toBe(404);
    });

    it('opts out once through a valid one-click POST, however often it is repeated', async () => {
      const link = createUnsubscribeLink({
        baseUrl: service.baseUrl,
        secret: SECRET,
        recipient: 'Click.Reader@example.org',
        service: 'weekly-news',
        deliveryId: 'd-77',
      });
      expect(await check(service, 'click.reader@example.org', 'weekly-news')).toEqual([]);
      const first = await oneClick(link.url);
      expect(first.status).toBe(200);
      const second = await oneClick(link.url);
      expect(second.status).toBe(200);
      const rows = await optOutRows(service, 'click.reader@example.org');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        service: 'weekly-news',
        source: 'one_click',
        deliveryId: 'd-77',
      });
      const audit = await auditRows(service, 'click.reader@example.org');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'create', actor: 'recipient (one-click)' });
      // The opt-out is for that list only.
      expect(await check(service, 'click.reader@example.org', 'weekly-news')).toEqual([
        expect.objectContaining({ scope: 'optout', service: 'weekly-news', source: 'one_click' }),
      ]);
      expect(await check(service, 'click.reader@example.org', 'offers')).toEqual([]);
      await waitFor(
        () =>
          receiver.bodies.some(
            (b) =>
              b.type === 'address.opted_out' &&
              b.events?.some((e) => e.address === 'click.reader@example.org'),
          ),
        { timeoutMs: 20_000, what: 'the opt-out webhook event' },
      );
      const events = receiver.bodies
        .filter((b) => b.type === 'address.opted_out')
        .flatMap((b) => b.events ?? [])
        .filter((e) => e.address === 'click.reader@example.org');
      expect(events).toEqual([
        expect.objectContaining({
          service: 'weekly-news',
          source: 'one_click',
          deliveryId: 'd-77',
        }),
      ]);
    });

    it('refuses a tampered token and stores nothing', async () => {
      const { url } = createUnsubscribeLink({
        baseUrl: service.baseUrl,
        secret: SECRET,
        recipient: 'tamper@example.org',
      });
      // Another recipient's payload with this token's MAC.
      const other = createUnsubscribeLink({
        baseUrl: service.baseUrl,
        secret: SECRET,
        recipient: 'victim@example.org',
      }).url;
      const forged = `${other.slice(0, other.lastIndexOf('.'))}${url.slice(url.lastIndexOf('.'))}`;
      const wrongKey = createUnsubscribeLink({
        baseUrl: service.baseUrl,
        secret: 'another-secret-of-16-chars',
        recipient: 'victim@example.org',
      }).url;
      for (const bad of [forged, wrongKey, `${service.baseUrl}/u/u1.nonsense`]) {
        const response = await oneClick(bad);
        expect(response.status, bad).toBe(400);
        expect(((await response.json()) as { error: string }).error).toBe(
          'UNSUBSCRIBE_TOKEN_INVALID',
        );
      }
      expect(await optOutRows(service, 'victim@example.org')).toEqual([]);
      expect(await check(service, 'victim@example.org')).toEqual([]);
    });

    it('shows a confirmation page on GET and changes nothing', async () => {
      const { url } = createUnsubscribeLink({
        baseUrl: service.baseUrl,
        secret: SECRET,
        recipient: 'looker@example.org',
        service: 'weekly-news',
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('<form method="post">');
      expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
      expect(await optOutRows(service, 'looker@example.org')).toEqual([]);
      // A POST without the one-click body is refused too (RFC 8058 §3.1).
      expect((await oneClick(url, 'something=else')).status).toBe(400);
      expect(await optOutRows(service, 'looker@example.org')).toEqual([]);
    });

    it('mints the same kind of link from the CLI', async () => {
      const run = await runCliCommand(
        unsubscribeLinkCommand,
        ['--recipient', 'cli.reader@example.org', '--service', 'weekly-news', '--json'],
        { VERP_SECRET: SECRET, UNSUBSCRIBE_BASE_URL: service.baseUrl },
      );
      expect(run.code, run.err).toBe(0);
      const link = run.json as { url: string; headers: Record<string, string> };
      expect(link.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(link.headers['List-Unsubscribe']).toBe(`<${link.url}>`);
      expect((await oneClick(link.url)).status).toBe(200);
      expect(await check(service, 'cli.reader@example.org', 'weekly-news')).toHaveLength(1);
    });

    it('lets staff list and remove an opt-out when the person subscribes again', async () => {
      const path = `${service.baseUrl}/api/addresses/${encodeURIComponent('cli.reader@example.org')}/optouts`;
      const listed = (await (await fetch(path)).json()) as {
        entries: Array<Record<string, unknown>>;
      };
      expect(listed.entries).toEqual([
        expect.objectContaining({ service: 'weekly-news', source: 'one_click' }),
      ]);
      const removed = await fetch(`${path}?service=weekly-news`, {
        method: 'DELETE',
        headers: { 'x-actor': 'dana' },
      });
      expect(removed.status).toBe(200);
      expect(await check(service, 'cli.reader@example.org', 'weekly-news')).toEqual([]);
      expect((await fetch(`${path}?service=weekly-news`, { method: 'DELETE' })).status).toBe(404);
      const audit = await auditRows(service, 'cli.reader@example.org');
      expect(audit.map((a) => [a.action, a.actor])).toEqual([
        ['create', 'recipient (one-click)'],
        ['delete', 'dana'],
      ]);
    });

    it('rate limits one client IP', async () => {
      const { url } = createUnsubscribeLink({
        baseUrl: service.baseUrl,
        secret: SECRET,
        recipient: 'busy@example.org',
      });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toContain(429);
    });
  });
}
