/**
 * Bounce trust through the real service over SMTP: with VERP_SECRET set, a bounce that did not
 * come on a valid VERP token cannot quarantine anyone at once (UNSIGNED_BOUNCES=hold holds it
 * for staff, `record` only records it), while a signed one still applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startTestService, TEST_RETURN_PATH_DOMAIN, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { waitFor } from '../helpers/wait-for.js';
import { callApi } from '../helpers/api-client.js';
import { encodeVerpAddress } from '../../src/parse/verp.js';
import { changeAudit } from '../../src/store/schema.js';

const SECRET = 'bounce-trust-test-secret';
let sent = 0;

async function bounceTo(service: TestService, rcpt: string, victim: string, text?: string) {
  sent += 1;
  const raw = buildDsn({
    recipients: [
      {
        address: victim,
        status: '5.1.1',
        diagnostic: text ?? `550 5.1.1 <${victim}>: no such user`,
      },
    ],
    messageId: `<trust-${sent}-${Date.now()}@mx.sender.example>`,
    returnPath: rcpt,
  });
  const reply = await sendRawMail({ port: service.smtpPort, from: '', to: [rcpt], raw });
  expect(reply.ok, reply.response).toBe(true);
}

async function statusOf(service: TestService, address: string): Promise<string> {
  const found = await callApi(service, 'GET', `/api/addresses/${encodeURIComponent(address)}`);
  return found.status === 200 ? (found.body.status as string) : 'absent';
}

async function effectsOf(service: TestService, address: string): Promise<string[]> {
  const found = await callApi(
    service,
    'GET',
    `/api/addresses/${encodeURIComponent(address)}/history?channel=email`,
  );
  return (found.body.events as Array<{ effect: string }>).map((e) => e.effect);
}

/** Waits until the worker stored the bounce's event for `address`. */
async function processed(service: TestService, address: string): Promise<string[]> {
  await waitFor(async () => (await effectsOf(service, address)).length > 0, {
    timeoutMs: 20_000,
    what: `an event for ${address}`,
  });
  return effectsOf(service, address);
}

async function unsignedHolds(service: TestService, status = 'held') {
  const listed = await callApi(service, 'GET', `/api/holds?status=${status}&kind=unsigned_bounce`);
  expect(listed.status).toBe(200);
  return listed.body.items as Array<Record<string, unknown>>;
}

const verp = (recipient: string, deliveryId: string) =>
  encodeVerpAddress({ recipient, deliveryId, domain: TEST_RETURN_PATH_DOMAIN, secret: SECRET });

/** Envelope recipients a forger can use: no token, a malformed one, another prefix. */
const UNSIGNED_SHAPES: Array<[string, (victim: string) => string]> = [
  ['any local part', () => `anything@${TEST_RETURN_PATH_DOMAIN}`],
  ['the bare prefix', () => `bounce@${TEST_RETURN_PATH_DOMAIN}`],
  ['a malformed token', () => `bounce+malformed@${TEST_RETURN_PATH_DOMAIN}`],
  ['a valid token under another prefix', (v) => verp(v, '7').replace(/^bounce\+/, 'sender+')],
];

describe('unsigned bounces with VERP_SECRET set (default: hold)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({
      shape: 'embedded',
      env: { ROLES: 'smtp,api,worker', VERP_SECRET: SECRET },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  for (const [name, rcptFor] of UNSIGNED_SHAPES) {
    it(`holds, never applies, a DSN sent to ${name}`, async () => {
      const victim = `victim-${name.replace(/\W+/g, '-')}@example.org`;
      await bounceTo(service, rcptFor(victim), victim);
      expect(await processed(service, victim)).toEqual(['held']);
      expect(await statusOf(service, victim)).toBe('absent');
    });
  }

  it('refuses a token whose MAC does not match, and one reused with another delivery id', async () => {
    const victim = 'victim-mac@example.org';
    const token = verp('someone@example.org', '42');
    await bounceTo(service, token.replace('someone=example.org', 'victim-mac=example.org'), victim);
    expect(await processed(service, victim)).toEqual(['forged']);
    const other = 'victim-id@example.org';
    const valid = verp(other, '42');
    await bounceTo(service, valid.replace('+42-', '+43-'), other);
    expect(await processed(service, other)).toEqual(['forged']);
    expect(await statusOf(service, victim)).toBe('absent');
    expect(await statusOf(service, other)).toBe('absent');
  });

  it('applies a valid token to its own recipient only, even when the DSN names another', async () => {
    const owner = 'owner@example.org';
    const named = 'named-victim@example.org';
    await bounceTo(service, verp(owner, '100'), named);
    expect(await processed(service, owner)).toEqual(['applied']);
    expect(await statusOf(service, owner)).toBe('quarantine');
    expect(await effectsOf(service, named)).toEqual([]);
    expect(await statusOf(service, named)).toBe('absent');
  });

  it('accepts a token whose case a relay changed (RFC 5321 §2.4)', async () => {
    const owner = 'mixed.case@example.org';
    await bounceTo(service, verp(owner, '101').toUpperCase(), owner);
    expect(await processed(service, owner)).toEqual(['applied']);
    expect(await statusOf(service, owner)).toBe('quarantine');
  });

  it('keeps unsigned bounces out of a later re-qualification of their text', async () => {
    const text = (a: string) => `550 5.0.0 <${a}>: Snorkelwax refused message for plumbus reasons`;
    const unsigned = `bounce@${TEST_RETURN_PATH_DOMAIN}`;
    // A signed bounce makes the text's row (To qualify: soft, With errors).
    const signed = 'signed.snorkel@example.org';
    await bounceTo(service, verp(signed, '200'), signed, text(signed));
    expect(await processed(service, signed)).toEqual(['applied']);
    const held = 'held.snorkel@example.org';
    await bounceTo(service, unsigned, held, text(held));
    expect(await processed(service, held)).toEqual(['held']);
    const listed = await callApi(service, 'GET', '/api/qualifications?q=snorkelwax');
    const row = listed.body.items[0] as { id: number };
    const qualify = (body: Record<string, string>) =>
      callApi(service, 'PATCH', `/api/qualifications/${row.id}`, body, 'alice');

    // Staff ignore the text: an unsigned bounce of it is then recorded untrusted, not ignored.
    expect((await qualify({ status: 'ignore' })).status).toBe(200);
    const ignored = 'ignored.snorkel@example.org';
    await bounceTo(service, unsigned, ignored, text(ignored));
    expect(await processed(service, ignored)).toEqual(['untrusted']);

    // Staff then make it hard: the signed address is quarantined, the unsigned ones are not.
    const hard = await qualify({ status: 'keep', type: 'hard', reason: 'user_unknown' });
    expect(hard.status).toBe(200);
    expect(await statusOf(service, signed)).toBe('quarantine');
    expect(await statusOf(service, held)).toBe('absent');
    expect(await effectsOf(service, held)).toEqual(['held']);
    expect(await statusOf(service, ignored)).toBe('absent');
    expect(await effectsOf(service, ignored)).toEqual(['untrusted']);
    // A new unsigned bounce of the text staff made hard is still held.
    const later = 'later.snorkel@example.org';
    await bounceTo(service, unsigned, later, text(later));
    expect(await processed(service, later)).toEqual(['held']);
  });

  it('lets staff apply an unsigned-bounce hold, and discard another, with an audit', async () => {
    const text = (a: string) => `550 5.1.1 <${a}>: mailbox unavailable (trust-apply)`;
    const real = ['real1@apply.example', 'real2@apply.example'];
    for (const address of real)
      await bounceTo(service, `bounce@${TEST_RETURN_PATH_DOMAIN}`, address, text(address));
    for (const address of real) expect(await processed(service, address)).toEqual(['held']);
    const hold = (await unsignedHolds(service)).find((h) => h.domain === 'apply.example');
    expect(hold).toMatchObject({ kind: 'unsigned_bounce', status: 'held', heldEvents: 2 });
    const kept = await callApi(service, 'GET', `/api/holds/${hold!.id}/events`);
    expect(kept.body.items.map((e: { address: string }) => e.address).sort()).toEqual(real);
    expect(kept.body.items[0]).toMatchObject({ effect: 'held', kind: 'bounce', status: '5.1.1' });
    expect(typeof kept.body.items[0].messageId).toBe('number');
    // An outage hold is not listed under the unsigned kind, and vice versa.
    const outage = await callApi(service, 'GET', '/api/holds?kind=outage');
    expect(outage.body.items.some((h: { id: number }) => h.id === hold!.id)).toBe(false);

    const applied = await callApi(
      service,
      'POST',
      `/api/holds/${hold!.id}/apply`,
      undefined,
      'sam',
    );
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      hold: { status: 'applied', decidedBy: 'sam', kind: 'unsigned_bounce' },
      events: 2,
      changedAddresses: 2,
    });
    for (const address of real) {
      expect(await statusOf(service, address)).toBe('quarantine');
      expect(await effectsOf(service, address)).toEqual(['applied']);
    }

    const forged = ['forged1@discard.example', 'forged2@discard.example'];
    for (const address of forged) await bounceTo(service, `x@${TEST_RETURN_PATH_DOMAIN}`, address);
    for (const address of forged) await processed(service, address);
    const second = (await unsignedHolds(service)).find((h) => h.domain === 'discard.example');
    const discarded = await callApi(
      service,
      'POST',
      `/api/holds/${second!.id}/discard`,
      undefined,
      'dana',
    );
    expect(discarded.body).toMatchObject({
      hold: { status: 'discarded', decidedBy: 'dana' },
      events: 2,
      changedAddresses: 0,
    });
    for (const address of forged) {
      expect(await statusOf(service, address)).toBe('absent');
      expect(await effectsOf(service, address)).toEqual(['untrusted']);
    }
    const again = await callApi(service, 'POST', `/api/holds/${second!.id}/apply`);
    expect(again.status).toBe(409);

    const audits = await service.service.database.db
      .select()
      .from(changeAudit)
      .where(and(eq(changeAudit.entity, 'outage_hold')));
    const byHold = new Map(audits.map((a) => [a.entityId, a]));
    expect(byHold.get(String(hold!.id))).toMatchObject({ action: 'apply', actor: 'sam' });
    expect(byHold.get(String(second!.id))).toMatchObject({ action: 'discard', actor: 'dana' });
    const history = await callApi(
      service,
      'GET',
      `/api/addresses/${real[0]}/history?channel=email`,
    );
    expect(history.body.history.at(-1)).toMatchObject({
      toStatus: 'quarantine',
      cause: 'unsigned_bounce_hold_applied',
    });
  });
});

describe('unsigned bounces under UNSIGNED_BOUNCES=record (redis shape)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({
      shape: 'redis',
      env: { ROLES: 'smtp,api,worker', VERP_SECRET: SECRET, UNSIGNED_BOUNCES: 'record' },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('records the event and changes no address, and opens no hold', async () => {
    const victim = 'recorded@example.org';
    await bounceTo(service, `bounce@${TEST_RETURN_PATH_DOMAIN}`, victim);
    expect(await processed(service, victim)).toEqual(['untrusted']);
    expect(await statusOf(service, victim)).toBe('absent');
    expect(await unsignedHolds(service)).toEqual([]);
  });

  it('still applies a signed bounce', async () => {
    const owner = 'signed@example.org';
    await bounceTo(service, verp(owner, '5'), owner);
    expect(await processed(service, owner)).toEqual(['applied']);
    expect(await statusOf(service, owner)).toBe('quarantine');
  });
});

describe('without VERP_SECRET (default: apply)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ shape: 'embedded', env: { ROLES: 'smtp,api,worker' } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('applies a plain DSN as before: there is no way to sign one', async () => {
    const address = 'plain@example.org';
    await bounceTo(service, `bounce@${TEST_RETURN_PATH_DOMAIN}`, address);
    expect(await processed(service, address)).toEqual(['applied']);
    expect(await statusOf(service, address)).toBe('quarantine');
  });
});
