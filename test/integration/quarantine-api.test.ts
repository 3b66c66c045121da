import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { insertProfileDenylistEntry } from '../../src/store/profile-denylist-repository.js';
import { callApi } from '../helpers/api-client.js';

interface SenderEventInput {
  id: string;
  address: string;
  kind: 'delivered' | 'failed' | 'sync-error';
  at: string;
  channel?: string;
  type?: string;
  reason?: string;
  text?: string;
  deliveryId?: string;
}

const call = callApi;

const postEvents = (service: TestService, events: SenderEventInput[]) =>
  call(service, 'POST', '/api/events', { events });
const entry = (service: TestService, address: string, channel = 'email') =>
  call(service, 'GET', `/api/addresses/${encodeURIComponent(address)}?channel=${channel}`);

const days = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString();

for (const shape of ['embedded', 'redis'] as const) {
  describe(`quarantine API (${shape} shape)`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape, env: { ROLES: 'api,worker' } });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('replays months of dated sender events, in any order, to the record live order gives', async () => {
      const start = '2024-01-01T09:00:00.000Z';
      // Five significant soft errors two days apart: the fifth quarantines.
      const soft = [0, 2, 4, 6, 8].map((d, i) => ({
        id: `soft-${i}`,
        address: 'Slow.Server@Example.COM',
        kind: 'failed' as const,
        at: days(start, d),
        type: 'soft',
        reason: 'unreachable',
        text: '451 4.4.1 connection timed out',
      }));
      // Errors twelve days apart: the counter restarts each time, the address stays With errors.
      const spaced = [0, 12, 24, 36].map((d, i) => ({
        id: `spaced-${i}`,
        address: 'spaced@example.com',
        kind: 'failed' as const,
        at: days(start, d),
        type: 'soft',
        reason: 'mailbox_full',
      }));
      const recovered = [
        {
          id: 'rec-1',
          address: 'recovered@example.com',
          kind: 'failed' as const,
          at: days(start, 50),
          type: 'soft',
          reason: 'unreachable',
        },
        {
          id: 'rec-2',
          address: 'recovered@example.com',
          kind: 'delivered' as const,
          at: days(start, 51),
        },
      ];
      // The newest half first, the older half in a later call: the older events replay the log.
      const all = [...soft, ...spaced, ...recovered];
      const late = all.filter((_, i) => i % 2 === 0);
      const early = all.filter((_, i) => i % 2 === 1);
      const first = await postEvents(service, late.reverse());
      expect(first.status).toBe(200);
      const second = await postEvents(service, early);
      expect(second.body).toMatchObject({ received: early.length, duplicates: 0 });

      const slow = await entry(service, 'slow.server@example.com');
      expect(slow.body).toMatchObject({
        status: 'quarantine',
        type: 'soft',
        reason: 'unreachable',
        errorCount: 5,
      });
      expect(slow.body.statusSince).toBe(days(start, 8));
      const spacedEntry = await entry(service, 'spaced@example.com');
      expect(spacedEntry.body).toMatchObject({ status: 'with_errors', errorCount: 1 });
      expect((await entry(service, 'recovered@example.com')).body).toMatchObject({
        status: 'valid',
        errorCount: 0,
      });

      // The same batch again is a no-op: the ids are the idempotency keys.
      const again = await postEvents(service, all);
      expect(again.body).toMatchObject({
        received: all.length,
        duplicates: all.length,
        applied: 0,
      });
      expect((await entry(service, 'slow.server@example.com')).body.errorCount).toBe(5);
    });

    it('qualifies a failed event by its text, like a bounce', async () => {
      const result = await postEvents(service, [
        {
          id: 'q-1',
          address: 'nouser@example.net',
          kind: 'sync-error',
          at: '2024-03-01T10:00:00Z',
          text: '550 5.1.1 <nouser@example.net>: Recipient address rejected: User unknown',
        },
      ]);
      expect(result.body).toMatchObject({ applied: 1 });
      expect((await entry(service, 'nouser@example.net')).body).toMatchObject({
        status: 'quarantine',
        type: 'hard',
      });
    });

    it('rejects a malformed batch with API_BAD_REQUEST', async () => {
      const result = await postEvents(service, [
        { id: 'x', address: 'a@b.c', kind: 'bounced' as never, at: 'yesterday' },
      ]);
      expect(result.status).toBe(400);
      expect(result.body.error).toBe('API_BAD_REQUEST');
    });

    it('releases an ISP outage (Apple, 550 5.1.1, April 2021) in one call: dry run, then apply', async () => {
      const outage: SenderEventInput[] = [];
      for (let i = 0; i < 30; i++) {
        const domain = i % 3 === 0 ? 'me.com' : 'icloud.com';
        outage.push({
          id: `apple-${i}`,
          address: `user${i}@${domain}`,
          kind: 'failed',
          at: new Date(Date.UTC(2021, 3, 1, 10, i)).toISOString(),
          text: `550 5.1.1 <user${i}@${domain}>: user does not exist`,
          deliveryId: 'campaign-42',
        });
      }
      const controls: SenderEventInput[] = [
        // Same text and domain, a month earlier: a genuinely unknown user, keep it.
        {
          id: 'c-1',
          address: 'old@icloud.com',
          kind: 'failed',
          at: '2021-03-01T10:00:00Z',
          text: '550 5.1.1 <old@icloud.com>: user does not exist',
        },
        // Same window and text, another domain: not part of the outage.
        {
          id: 'c-2',
          address: 'someone@gmail.com',
          kind: 'failed',
          at: '2021-04-01T10:30:00Z',
          text: '550 5.1.1 The email account that you tried to reach does not exist',
          deliveryId: 'campaign-42',
        },
        // Same window and domain, another error: a full mailbox.
        {
          id: 'c-3',
          address: 'full@icloud.com',
          kind: 'failed',
          at: '2021-04-01T11:00:00Z',
          type: 'soft',
          reason: 'mailbox_full',
          text: '452 4.2.2 mailbox full',
          deliveryId: 'campaign-42',
        },
      ];
      const delivered: SenderEventInput[] = Array.from({ length: 10 }, (_, i) => ({
        id: `ok-${i}`,
        address: `fine${i}@icloud.com`,
        kind: 'delivered',
        at: '2021-04-01T10:45:00Z',
        deliveryId: 'campaign-42',
      }));
      const posted = await postEvents(service, [...outage, ...controls, ...delivered]);
      expect(posted.body).toMatchObject({ applied: 43, duplicates: 0 });
      expect((await entry(service, 'user1@icloud.com')).body.status).toBe('quarantine');

      const query = {
        domains: ['icloud.com', 'me.com'],
        errorTextContains: '550 5.1.1',
        updatedFrom: '2021-04-01T00:00:00Z',
        updatedTo: '2021-04-02T00:00:00Z',
      };
      const dry = await call(service, 'POST', '/api/addresses/release', { ...query, dryRun: true });
      expect(dry.status).toBe(200);
      expect(dry.body.matched).toBe(30);
      expect(dry.body.sample).toHaveLength(20);
      expect(dry.body.sample[0]).toMatchObject({ status: 'quarantine', channel: 'email' });
      expect((await entry(service, 'user1@icloud.com')).body.status).toBe('quarantine');

      const applied = await call(
        service,
        'POST',
        '/api/addresses/release',
        query,
        'ops@example.com',
      );
      expect(applied.body).toEqual({ dryRun: false, released: 30 });
      expect((await entry(service, 'user1@icloud.com')).body).toMatchObject({
        status: 'valid',
        errorCount: 0,
      });
      expect((await entry(service, 'user0@me.com')).body.status).toBe('valid');
      expect((await entry(service, 'old@icloud.com')).body.status).toBe('quarantine');
      expect((await entry(service, 'someone@gmail.com')).body.status).toBe('quarantine');
      expect((await entry(service, 'full@icloud.com')).body.status).toBe('with_errors');

      const history = await call(
        service,
        'GET',
        '/api/addresses/user1%40icloud.com/history?channel=email',
      );
      expect(history.body.history.at(-1)).toMatchObject({
        fromStatus: 'quarantine',
        toStatus: 'valid',
        cause: 'release',
        actor: 'ops@example.com',
      });
      expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual([
        'failed',
        'manual',
      ]);

      // A late, older event replays the log: the release is in it and stands.
      await postEvents(service, [
        {
          id: 'late-1',
          address: 'user1@icloud.com',
          kind: 'delivered',
          at: '2021-03-20T00:00:00Z',
        },
      ]);
      expect((await entry(service, 'user1@icloud.com')).body.status).toBe('valid');

      const again = await call(service, 'POST', '/api/addresses/release', {
        ...query,
        dryRun: true,
      });
      expect(again.body.matched).toBe(0);

      const report = await call(
        service,
        'GET',
        '/api/reports/non-deliverables?from=2021-04-01T00:00:00Z&to=2021-04-02T00:00:00Z&deliveryId=campaign-42',
      );
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({
        events: 42,
        failures: 32,
        byType: { hard: 31, soft: 1 },
      });
      expect(report.body.byReason.user_unknown).toBe(31);
      expect(report.body.byStatus).toMatchObject({ valid: 30, quarantine: 1, with_errors: 1 });
      const icloud = report.body.topDomains.find(
        (d: { domain: string }) => d.domain === 'icloud.com',
      );
      expect(icloud).toEqual({
        domain: 'icloud.com',
        events: 31,
        failures: 21,
        sends: 31,
        errorRate: 21 / 31,
      });
      expect(report.body.quarantined.count).toBe(31);
    });

    it('refuses a release query that selects everything', async () => {
      const result = await call(service, 'POST', '/api/addresses/release', { dryRun: true });
      expect(result.status).toBe(400);
      expect(result.body.message).toContain('add a criterion');
    });

    it('creates, edits, lists and deletes entries, audited with the actor', async () => {
      const created = await call(
        service,
        'PUT',
        '/api/addresses/Staff.Set%40Example.org?channel=email',
        {
          status: 'quarantine',
          reason: 'account_disabled',
          errorText: 'closed by the ISP',
          errorCount: 3,
          lastErrorAt: '2024-02-01T00:00:00Z',
          lastDeliveryId: 'd-9',
        },
        'alice',
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        address: 'staff.set@example.org',
        status: 'quarantine',
        reason: 'account_disabled',
        errorCount: 3,
        lastErrorAt: '2024-02-01T00:00:00.000Z',
        lastDeliveryId: 'd-9',
      });
      const edited = await call(
        service,
        'PUT',
        '/api/addresses/staff.set%40example.org',
        { status: 'allowlisted' },
        'bob',
      );
      expect(edited.status).toBe(200);
      expect(edited.body.status).toBe('allowlisted');
      const phone = await call(
        service,
        'PUT',
        `/api/addresses/${encodeURIComponent('+33 6 12 34 56 78')}?channel=sms`,
        { status: 'denylisted' },
      );
      expect(phone.body).toMatchObject({ address: '+33612345678', channel: 'sms' });

      const list = await call(service, 'GET', '/api/addresses?domain=example.org&limit=1');
      expect(list.body.items).toHaveLength(1);
      const byStatus = await call(service, 'GET', '/api/addresses?status=denylisted&channel=sms');
      expect(byStatus.body.items.map((i: { address: string }) => i.address)).toContain(
        '+33612345678',
      );
      const search = await call(service, 'GET', '/api/addresses?q=STAFF.SET');
      expect(search.body.items).toHaveLength(1);

      // Keyset pages cover every row exactly once.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ address: string }>; nextCursor: string | null } } =
          await call(service, 'GET', `/api/addresses?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((i) => i.address));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain('staff.set@example.org');

      const history = await call(service, 'GET', '/api/addresses/staff.set%40example.org/history');
      expect(
        history.body.history.map((h: { actor: string; toStatus: string }) => [h.actor, h.toStatus]),
      ).toEqual([
        ['alice', 'quarantine'],
        ['bob', 'allowlisted'],
      ]);
      expect(history.body.events.map((e: { actor: string }) => e.actor)).toEqual(['alice', 'bob']);

      const deleted = await call(
        service,
        'DELETE',
        '/api/addresses/staff.set%40example.org',
        undefined,
        'carol',
      );
      expect(deleted.status).toBe(200);
      expect((await entry(service, 'staff.set@example.org')).status).toBe(404);
      expect((await call(service, 'DELETE', '/api/addresses/staff.set%40example.org')).status).toBe(
        404,
      );
      const afterDelete = await call(
        service,
        'GET',
        '/api/addresses/staff.set%40example.org/history',
      );
      expect(afterDelete.body.history.at(-1)).toMatchObject({ cause: 'deleted', actor: 'carol' });
    });

    it('filters the list by reason and by an updatedAt window, paging with the filters', async () => {
      const put = (local: string, reason: string) =>
        call(service, 'PUT', `/api/addresses/${local}%40filters.test`, {
          status: 'quarantine',
          reason,
        });
      const addrs = (body: { items: Array<{ address: string }> }) =>
        body.items.map((i) => i.address).sort();
      await put('a', 'mailbox_full');
      await put('b', 'account_disabled');
      await new Promise((r) => setTimeout(r, 20));
      const between = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await put('c', 'mailbox_full');
      await put('d', 'user_unknown');

      const full = await call(
        service,
        'GET',
        '/api/addresses?domain=filters.test&reason=mailbox_full',
      );
      expect(addrs(full.body)).toEqual(['a@filters.test', 'c@filters.test']);
      const two = await call(
        service,
        'GET',
        '/api/addresses?domain=filters.test&reason=account_disabled,user_unknown',
      );
      expect(addrs(two.body)).toEqual(['b@filters.test', 'd@filters.test']);
      const since = await call(
        service,
        'GET',
        `/api/addresses?domain=filters.test&since=${between}`,
      );
      expect(addrs(since.body)).toEqual(['c@filters.test', 'd@filters.test']);
      const until = await call(
        service,
        'GET',
        `/api/addresses?domain=filters.test&until=${between}`,
      );
      expect(addrs(until.body)).toEqual(['a@filters.test', 'b@filters.test']);
      const both = await call(
        service,
        'GET',
        `/api/addresses?domain=filters.test&reason=mailbox_full&since=${between}`,
      );
      expect(addrs(both.body)).toEqual(['c@filters.test']);

      const paged: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 5; i++) {
        const page = await call(
          service,
          'GET',
          `/api/addresses?domain=filters.test&reason=mailbox_full&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.body.items.map((x: { address: string }) => x.address));
        cursor = page.body.nextCursor;
        if (!cursor) break;
      }
      expect(paged.sort()).toEqual(['a@filters.test', 'c@filters.test']);

      const bad = await call(service, 'GET', '/api/addresses?since=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('API_BAD_REQUEST');
      const badReason = await call(service, 'GET', '/api/addresses?reason=nope');
      expect(badReason.status).toBe(400);
    });

    it('answers the exclusion check: quarantined and denylisted addresses, denylisted profiles', async () => {
      await call(service, 'PUT', '/api/addresses/complained%40example.com', {
        status: 'denylisted',
        reason: 'refused',
      });
      await insertProfileDenylistEntry(service.service.database.db, {
        profileId: 'p-unsub',
        channel: 'email',
        at: new Date('2024-01-02T00:00:00Z'),
        cause: 'unsubscribe',
        actor: 'system',
      });
      await insertProfileDenylistEntry(service.service.database.db, {
        profileId: 'p-news',
        channel: 'email',
        service: 'newsletter',
        at: new Date('2024-01-03T00:00:00Z'),
        cause: 'unsubscribe',
        actor: 'system',
      });
      const recipients = [
        { channel: 'email', address: 'SLOW.SERVER@example.com' },
        { channel: 'email', address: 'complained@example.com', profileId: 'p-1' },
        { channel: 'email', address: 'spaced@example.com' },
        { channel: 'email', address: 'never.seen@example.com' },
        { channel: 'email', address: 'other@example.com', profileId: 'p-unsub' },
        { channel: 'sms', address: '+33612345678', profileId: 'p-unsub' },
        {
          channel: 'email',
          address: 'news@example.com',
          profileId: 'p-news',
          service: 'newsletter',
        },
        {
          channel: 'email',
          address: 'promo@example.com',
          profileId: 'p-news',
          service: 'promotions',
        },
        { channel: 'sms', address: '0033 6 12 34 56 78' },
      ];
      const result = await call(service, 'POST', '/api/check', { recipients });
      expect(result.status).toBe(200);
      expect(result.body.checked).toBe(recipients.length);
      const excluded = result.body.excluded.map(
        (e: { channel: string; address: string; scope: string; status: string }) => [
          e.channel,
          e.address,
          e.scope,
          e.status,
        ],
      );
      expect(excluded).toEqual([
        ['email', 'slow.server@example.com', 'address', 'quarantine'],
        ['email', 'complained@example.com', 'address', 'denylisted'],
        ['email', 'other@example.com', 'profile', 'denylisted'],
        ['sms', '+33612345678', 'address', 'denylisted'],
        ['email', 'news@example.com', 'profile', 'denylisted'],
        ['sms', '+33612345678', 'address', 'denylisted'],
      ]);
      expect(result.body.excluded[0]).toMatchObject({
        reason: 'unreachable',
        since: '2024-01-09T09:00:00.000Z',
      });
      expect(result.body.excluded[2]).toMatchObject({
        profileId: 'p-unsub',
        cause: 'unsubscribe',
        since: '2024-01-02T00:00:00.000Z',
      });
    });

    it('checks 20,000 recipients in one call', async () => {
      const recipients = Array.from({ length: 20_000 }, (_, i) => ({
        channel: 'email',
        address: `bulk${i}@example.com`,
      }));
      recipients.push({ channel: 'email', address: 'slow.server@example.com' });
      const result = await call(service, 'POST', '/api/check', { recipients });
      expect(result.body).toMatchObject({
        checked: 20_001,
        excluded: [{ address: 'slow.server@example.com' }],
      });
    });
  });
}
