/**
 * Complaints from real feedback loops only, through the real service over SMTP: with
 * FBL_SOURCES set, an ARF report to the FBL address denylists the address it names only when
 * the provider's DKIM signature verifies (keys made here, DNS answered by the test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_FBL_ADDRESS, type TestService } from '../helpers/service.js';
import { sendRawMail } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { callApi } from '../helpers/api-client.js';
import { buildArf } from '../helpers/build-arf.js';
import { makeDkimKey, resolverFor, signMessage } from '../helpers/dkim.js';

const SOURCE = 'fbl.provider.test';
const key = makeDkimKey(SOURCE);
const lookalike = makeDkimKey(`${SOURCE}-mail.example`);
let flakyLookups = 0;
const resolver = resolverFor(key, lookalike);
/** Fails the first lookup for the `flaky.` subdomain, as a resolver timing out once would. */
const dns = async (name: string, rrtype: string) => {
  const flaky = name.includes('._domainkey.flaky.');
  if (flaky && flakyLookups++ === 0)
    throw Object.assign(new Error(`queryTxt ETIMEOUT ${name}`), { code: 'ETIMEOUT' });
  return resolver(name.replace('._domainkey.flaky.', '._domainkey.'), rrtype);
};

async function complain(service: TestService, raw: string) {
  const reply = await sendRawMail({
    port: service.smtpPort,
    from: '',
    to: [TEST_FBL_ADDRESS],
    raw,
  });
  expect(reply.ok, reply.response).toBe(true);
}

async function effectsOf(service: TestService, address: string): Promise<string[]> {
  const found = await callApi(
    service,
    'GET',
    `/api/addresses/${encodeURIComponent(address)}/history?channel=email`,
  );
  return (found.body.events as Array<{ effect: string }>).map((e) => e.effect);
}

async function processed(service: TestService, address: string): Promise<string[]> {
  await waitFor(async () => (await effectsOf(service, address)).length > 0, {
    timeoutMs: 20_000,
    what: `an event for ${address}`,
  });
  return effectsOf(service, address);
}

async function statusOf(service: TestService, address: string): Promise<string> {
  const found = await callApi(service, 'GET', `/api/addresses/${encodeURIComponent(address)}`);
  return found.status === 200 ? (found.body.status as string) : 'absent';
}

describe('complaints with FBL_SOURCES set', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({
      shape: 'embedded',
      env: { ROLES: 'smtp,api,worker', FBL_SOURCES: SOURCE },
      dkimResolver: dns,
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('denylists the address a report signed by the listed provider names', async () => {
    const address = 'complainer@example.org';
    await complain(service, await signMessage(buildArf({ recipient: address }), key));
    expect(await processed(service, address)).toEqual(['applied']);
    expect(await statusOf(service, address)).toBe('denylisted');
    expect(resolver.lookups).toContain(`fbl._domainkey.${SOURCE}`);
  });

  it('records an unsigned report as untrusted and changes no address', async () => {
    const address = 'unsigned-victim@example.org';
    await complain(service, buildArf({ recipient: address }));
    expect(await processed(service, address)).toEqual(['untrusted']);
    expect(await statusOf(service, address)).toBe('absent');
  });

  it('records as untrusted a report signed for the listed domain with a forger’s key', async () => {
    const address = 'forged-victim@example.org';
    const forger = makeDkimKey(SOURCE, 'fbl');
    await complain(service, await signMessage(buildArf({ recipient: address }), forger));
    expect(await processed(service, address)).toEqual(['untrusted']);
    expect(await statusOf(service, address)).toBe('absent');
  });

  it('records as untrusted a report validly signed by a lookalike domain', async () => {
    const address = 'lookalike-victim@example.org';
    const raw = buildArf({ recipient: address, from: `feedback@${lookalike.domain}` });
    await complain(service, await signMessage(raw, lookalike));
    expect(await processed(service, address)).toEqual(['untrusted']);
    expect(await statusOf(service, address)).toBe('absent');
  });

  it('records as untrusted a genuine report whose recipient was rewritten past l=', async () => {
    const address = 'rewritten-victim@example.org';
    const genuine = await signMessage(buildArf({ recipient: 'someone@example.org' }), key, {
      maxBodyLength: 60,
    });
    await complain(service, genuine.replaceAll('someone@example.org', address));
    expect(await processed(service, address)).toEqual(['untrusted']);
    expect(await statusOf(service, address)).toBe('absent');
  });

  it('retries a report whose key lookup failed for a moment, then denylists', async () => {
    const address = 'retried@example.org';
    const flaky = { ...key, domain: `flaky.${SOURCE}` };
    await complain(service, await signMessage(buildArf({ recipient: address }), flaky));
    expect(await processed(service, address)).toEqual(['applied']);
    expect(flakyLookups).toBeGreaterThanOrEqual(2);
    expect(await statusOf(service, address)).toBe('denylisted');
  });
});
