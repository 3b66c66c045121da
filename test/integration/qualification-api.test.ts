import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { changeAudit, deliveryEvents } from '../../src/store/schema.js';
import { callApi } from '../helpers/api-client.js';

const call = callApi;

const statusOf = async (service: TestService, address: string) => {
  const found = await call(
    service,
    'GET',
    `/api/addresses/${encodeURIComponent(address)}?channel=email`,
  );
  return found.status === 200 ? (found.body.status as string) : 'absent';
};

let dsnCount = 0;
/** One real DSN over SMTP, every recipient failing with the same diagnostic. */
async function bounce(
  service: TestService,
  addresses: string[],
  diagnostic: string,
  status = '5.0.0',
) {
  await sendBounce(service, addresses, diagnostic, status);
  for (const address of addresses) {
    await waitFor(async () => (await statusOf(service, address)) !== 'absent', {
      timeoutMs: 15_000,
      what: `${address} recorded`,
    });
  }
}

async function sendBounce(
  service: TestService,
  addresses: string[],
  diagnostic: string,
  status: string,
) {
  dsnCount++;
  const raw = buildDsn({
    recipients: addresses.map((address) => ({ address, status, diagnostic })),
    messageId: `<qualification-${dsnCount}-${Date.now()}@mx.sender.example>`,
  });
  const sent = await sendRawMail({
    port: service.smtpPort,
    from: '',
    to: [`bounce+q${dsnCount}@${TEST_RETURN_PATH_DOMAIN}`],
    raw,
  });
  expect(sent.ok, sent.response).toBe(true);
}

async function rowOf(service: TestService, q: string) {
  const listed = await call(service, 'GET', `/api/qualifications?q=${encodeURIComponent(q)}`);
  expect(listed.status).toBe(200);
  expect(listed.body.items).toHaveLength(1);
  return listed.body.items[0];
}

async function audits(service: TestService, entity: string, entityId: string) {
  return service.service.database.db
    .select()
    .from(changeAudit)
    .where(and(eq(changeAudit.entity, entity), eq(changeAudit.entityId, entityId)))
    .orderBy(changeAudit.id);
}

const HARD_TEXT = '550 5.0.0 Frobnicator declined message for zorblax reasons';
const IGNORE_TEXT = '550 5.0.0 Quuxinator refused the wibble transfer';

for (const shape of ['embedded', 'redis'] as const) {
  describe(`qualification table and staff rules (${shape} shape)`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ shape, env: { ROLES: 'smtp,api,worker' } });
    });
    afterAll(async () => {
      await service?.stop();
    });

    it('counts an unmatched text as To qualify, soft with reason Not defined', async () => {
      const waiting = ['zorb.one@example.org', 'zorb.two@example.org', 'zorb.three@example.org'];
      await bounce(service, waiting, HARD_TEXT);
      for (const address of waiting) expect(await statusOf(service, address)).toBe('with_errors');
      // Occurrences are added after commit, batched about once a second.
      await waitFor(async () => (await rowOf(service, 'zorblax'))?.occurrences === 3, {
        what: 'three occurrences counted',
      });
      const row = await rowOf(service, 'zorblax');
      expect(row).toMatchObject({
        channel: 'email',
        text: HARD_TEXT,
        firstText: HARD_TEXT,
        type: 'soft',
        reason: 'not_defined',
        status: 'to_qualify',
        occurrences: 3,
        ruleId: null,
      });
      expect(row.ruleSetVersion).toBe('2025.1.0');
      expect(Date.parse(row.firstSeen)).toBeLessThanOrEqual(Date.parse(row.lastSeen));
    });

    it('qualifying a text hard writes a staff rule and quarantines every address that waited on it', async () => {
      const row = await rowOf(service, 'zorblax');
      const patched = await call(
        service,
        'PATCH',
        `/api/qualifications/${row.id}`,
        { status: 'keep', type: 'hard', reason: 'user_unknown' },
        'alice',
      );
      expect(patched.status).toBe(200);
      expect(patched.body.qualification).toMatchObject({
        status: 'keep',
        type: 'hard',
        reason: 'user_unknown',
        updatedBy: 'alice',
      });
      expect(patched.body.requalified).toMatchObject({
        events: 3,
        addresses: 3,
        changedAddresses: 3,
      });
      for (const address of [
        'zorb.one@example.org',
        'zorb.two@example.org',
        'zorb.three@example.org',
      ]) {
        expect(await statusOf(service, address)).toBe('quarantine');
      }
      const rule = await call(service, 'GET', `/api/rules/${patched.body.ruleId}`);
      expect(rule.body).toMatchObject({
        origin: 'staff',
        ruleSet: 'email',
        type: 'hard',
        reason: 'user_unknown',
        priority: 1000,
        updatedBy: 'alice',
      });
      // A new bounce with the text is decided by the staff rule at once.
      await bounce(service, ['zorb.four@example.org'], HARD_TEXT);
      expect(await statusOf(service, 'zorb.four@example.org')).toBe('quarantine');
      await waitFor(async () => (await rowOf(service, 'zorblax')).occurrences === 4, {
        what: 'the fourth occurrence counted',
      });

      const rowAudit = await audits(service, 'qualification', String(row.id));
      expect(rowAudit.map((a) => [a.action, a.actor])).toEqual([['qualify', 'alice']]);
      expect(rowAudit[0]!.before).toMatchObject({ status: 'to_qualify' });
      expect(rowAudit[0]!.after).toMatchObject({ status: 'keep', type: 'hard' });
      expect((await audits(service, 'rule', patched.body.ruleId)).map((a) => a.action)).toEqual([
        'create',
      ]);
    });

    it('an ignored text never quarantines anyone: With errors addresses return to Valid', async () => {
      await bounce(service, ['wibble.one@example.org', 'wibble.two@example.org'], IGNORE_TEXT);
      expect(await statusOf(service, 'wibble.one@example.org')).toBe('with_errors');
      const row = await rowOf(service, 'wibble');
      const patched = await call(service, 'PATCH', `/api/qualifications/${row.id}`, {
        status: 'ignore',
      });
      expect(patched.status).toBe(200);
      expect(patched.body.qualification).toMatchObject({
        status: 'ignore',
        type: 'ignored',
        updatedBy: 'api',
      });
      expect(await statusOf(service, 'wibble.one@example.org')).toBe('valid');
      expect(await statusOf(service, 'wibble.two@example.org')).toBe('valid');

      await sendBounce(service, ['wibble.three@example.org'], IGNORE_TEXT, '5.0.0');
      const eventsOf = () =>
        service.service.database.db
          .select({ effect: deliveryEvents.effect, type: deliveryEvents.failureType })
          .from(deliveryEvents)
          .where(eq(deliveryEvents.address, 'wibble.three@example.org'));
      await waitFor(async () => (await eventsOf()).length > 0, {
        timeoutMs: 15_000,
        what: 'ignored event',
      });
      expect(await eventsOf()).toEqual([{ effect: 'ignored', type: 'ignored' }]);
      expect(await statusOf(service, 'wibble.three@example.org')).toBe('absent');
    });

    it('resets the counter on request, audited', async () => {
      const row = await rowOf(service, 'zorblax');
      const reset = await call(
        service,
        'PATCH',
        `/api/qualifications/${row.id}`,
        { resetOccurrences: true },
        'bob',
      );
      expect(reset.status).toBe(200);
      expect(reset.body.qualification).toMatchObject({
        occurrences: 0,
        status: 'keep',
        type: 'hard',
      });
      expect(reset.body.ruleId).toBeNull();
      expect(
        (await audits(service, 'qualification', String(row.id))).map((a) => [a.action, a.actor]),
      ).toContainEqual(['reset', 'bob']);
      const bad = await call(service, 'PATCH', `/api/qualifications/${row.id}`, {
        status: 'maybe',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('API_BAD_REQUEST');
      expect(
        (await call(service, 'PATCH', '/api/qualifications/999999', { status: 'keep' })).status,
      ).toBe(404);
    });

    it('lists with filters and keyset pages', async () => {
      const keep = await call(
        service,
        'GET',
        '/api/qualifications?status=keep&channel=email&sort=lastSeen',
      );
      expect(keep.body.items.map((i: any) => i.status)).not.toContain('to_qualify');
      const first = await call(service, 'GET', '/api/qualifications?limit=1');
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call(
        service,
        'GET',
        `/api/qualifications?limit=1&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      expect(first.body.items[0].occurrences).toBeGreaterThanOrEqual(
        second.body.items[0].occurrences,
      );
      expect((await call(service, 'GET', '/api/qualifications?cursor=nonsense')).status).toBe(400);
    });

    it('validates rules like the rule-set files and names the field', async () => {
      const base = {
        ruleSet: 'email',
        id: 'staff.gizmo',
        priority: 500,
        match: { textContains: ['gizmotron'] },
        type: 'hard',
        reason: 'user_unknown',
        examples: [
          {
            input: { text: '550 gizmotron says no' },
            expect: { type: 'hard', reason: 'user_unknown' },
          },
        ],
      };
      const badRegex = await call(service, 'POST', '/api/rules', {
        ...base,
        match: { textRegex: '(?<=x)y' },
      });
      expect(badRegex.status).toBe(400);
      expect(badRegex.body).toMatchObject({
        error: 'API_BAD_REQUEST',
        message: expect.stringContaining('match.textRegex'),
      });
      const badReason = await call(service, 'POST', '/api/rules', { ...base, reason: 'bored' });
      expect(badReason.status).toBe(400);
      expect(badReason.body.message).toMatch(/^reason: /);
      const badExample = await call(service, 'POST', '/api/rules', {
        ...base,
        examples: [
          { input: { text: 'nothing' }, expect: { type: 'hard', reason: 'user_unknown' } },
        ],
      });
      expect(badExample.status).toBe(400);
      expect(badExample.body.message).toContain('examples.0');
      const unknownSet = await call(service, 'POST', '/api/rules', { ...base, ruleSet: 'fax' });
      expect(unknownSet.body.message).toContain('ruleSet');
    });

    it('creates, edits and deletes a staff rule; each change re-decides waiting texts and is audited', async () => {
      await bounce(service, ['gizmo@example.org'], '550 5.0.0 the gizmotron ate it');
      expect(await statusOf(service, 'gizmo@example.org')).toBe('with_errors');
      const rule = {
        ruleSet: 'email',
        id: 'staff.gizmo',
        priority: 500,
        match: { textContains: ['gizmotron'] },
        type: 'hard',
        reason: 'user_unknown',
        examples: [
          {
            input: { text: '550 gizmotron says no' },
            expect: { type: 'hard', reason: 'user_unknown' },
          },
        ],
      };
      const created = await call(service, 'POST', '/api/rules', rule, 'carol');
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'staff.gizmo',
        origin: 'staff',
        updatedBy: 'carol',
      });
      expect(await statusOf(service, 'gizmo@example.org')).toBe('quarantine');
      expect(await rowOf(service, 'gizmotron')).toMatchObject({
        status: 'keep',
        ruleId: 'staff.gizmo',
        type: 'hard',
      });
      expect((await call(service, 'POST', '/api/rules', rule)).status).toBe(409);

      const edited = await call(
        service,
        'PUT',
        '/api/rules/staff.gizmo',
        {
          ...created.body,
          type: 'ignored',
          reason: 'refused',
          examples: [
            { input: { text: 'gizmotron' }, expect: { type: 'ignored', reason: 'refused' } },
          ],
        },
        'carol',
      );
      expect(edited.status).toBe(200);
      expect(edited.body.type).toBe('ignored');
      expect(await statusOf(service, 'gizmo@example.org')).toBe('valid');

      const deleted = await call(service, 'DELETE', '/api/rules/staff.gizmo', undefined, 'carol');
      expect(deleted.body).toMatchObject({ deleted: true, tombstone: false });
      expect((await call(service, 'GET', '/api/rules/staff.gizmo')).status).toBe(404);
      expect(await rowOf(service, 'gizmotron')).toMatchObject({
        status: 'to_qualify',
        ruleId: null,
      });
      expect(await statusOf(service, 'gizmo@example.org')).toBe('with_errors');
      const trail = await audits(service, 'rule', 'staff.gizmo');
      expect(trail.map((a) => [a.action, a.actor])).toEqual([
        ['create', 'carol'],
        ['update', 'carol'],
        ['delete', 'carol'],
      ]);
      expect(trail[1]!.before).toMatchObject({ type: 'hard' });
      expect(trail[1]!.after).toMatchObject({ type: 'ignored' });
    });

    it('lists shipped rules and marks a shipped rule staff edited', async () => {
      const listed = await call(service, 'GET', '/api/rules?ruleSet=email');
      const shipped = listed.body.items.filter((r: any) => r.origin === 'shipped');
      expect(shipped.length).toBeGreaterThan(20);
      const target = shipped.find((r: any) => r.id === 'email.sender.blocklist');
      expect(target).toMatchObject({ editedByStaff: false, shippedVersion: '2025.1.0' });
      const edited = await call(
        service,
        'PUT',
        `/api/rules/${target.id}`,
        { ...target, description: 'edited by staff' },
        'dave',
      );
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({
        origin: 'shipped',
        editedByStaff: true,
        description: 'edited by staff',
      });
      const deleted = await call(service, 'DELETE', `/api/rules/${target.id}`);
      expect(deleted.body).toMatchObject({ deleted: true, tombstone: true });
      expect((await call(service, 'GET', `/api/rules/${target.id}`)).body).toMatchObject({
        enabled: false,
        editedByStaff: true,
      });
    });
  });
}
