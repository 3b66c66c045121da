import { beforeAll, describe, expect, it } from 'vitest';
import { Buffer } from 'node:buffer';
import {
  createFeedbackSourceCheck,
  isListed,
  type FeedbackSourceCheck,
} from '../../../src/worker/verify-feedback-source.js';
import { makeDkimKey, resolverFor, signMessage, type TestDkimKey } from '../../helpers/dkim.js';
import { buildArf } from '../../helpers/build-arf.js';

const SOURCE = 'fbl.provider.test';

describe('isListed', () => {
  it('takes the listed domain and its subdomains, not lookalikes', () => {
    expect(isListed('fbl.provider.test', [SOURCE])).toBe(true);
    expect(isListed('EU.FBL.Provider.Test', [SOURCE])).toBe(true);
    expect(isListed('fbl.provider.test.', [SOURCE])).toBe(true);
    expect(isListed('evilfbl.provider.test', [SOURCE])).toBe(false);
    expect(isListed('fbl.provider.test.evil.example', [SOURCE])).toBe(false);
    expect(isListed('provider.test', [SOURCE])).toBe(false);
    expect(isListed(undefined, [SOURCE])).toBe(false);
  });
});

describe('createFeedbackSourceCheck', () => {
  let key: TestDkimKey;
  let sub: TestDkimKey;
  let lookalike: TestDkimKey;
  let check: FeedbackSourceCheck;
  const arf = buildArf({ recipient: 'reporter@example.org' });
  const run = (raw: string) => check(Buffer.from(raw));

  beforeAll(() => {
    key = makeDkimKey(SOURCE);
    sub = makeDkimKey(`eu.${SOURCE}`);
    lookalike = makeDkimKey(`${SOURCE}.evil.example`);
    check = createFeedbackSourceCheck({
      sources: [SOURCE],
      resolver: resolverFor(key, sub, lookalike),
    });
  });

  it('trusts a report signed by the listed domain, or a subdomain of it', async () => {
    expect(await run(await signMessage(arf, key))).toEqual({
      trusted: true,
      signingDomain: SOURCE,
    });
    expect(await run(await signMessage(arf, sub))).toMatchObject({
      trusted: true,
      signingDomain: `eu.${SOURCE}`,
    });
  });

  it('does not trust an unsigned report', async () => {
    expect(await run(arf)).toMatchObject({
      trusted: false,
      temporary: false,
      reason: 'no DKIM signature of a listed feedback-loop domain',
    });
  });

  it('does not trust a valid signature of a lookalike domain', async () => {
    const verdict = await run(await signMessage(arf, lookalike));
    expect(verdict).toMatchObject({ trusted: false, signingDomains: [lookalike.domain] });
  });

  it('does not trust d= of the listed domain signed with another key', async () => {
    const forger = makeDkimKey(SOURCE);
    expect(await run(await signMessage(arf, forger))).toMatchObject({ trusted: false });
  });

  it('does not trust a signed report whose named recipient was changed', async () => {
    const signed = await signMessage(arf, key);
    const tampered = signed.replace('reporter@example.org>', 'victim@example.org>');
    expect(tampered).not.toBe(signed);
    expect(await run(tampered)).toMatchObject({ trusted: false });
  });

  it('does not trust a signature over only the start of the body (l=)', async () => {
    const signed = await signMessage(arf, key, { maxBodyLength: 40 });
    const tampered = signed.replace('reporter@example.org>', 'victim@example.org>');
    const verdict = await run(tampered);
    expect(verdict).toMatchObject({ trusted: false });
    expect(verdict.trusted || verdict.reason).toMatch(/does not cover the whole message/);
  });

  it('trusts l= when it covers the whole body', async () => {
    const body = arf.slice(arf.indexOf('\r\n\r\n') + 4);
    const signed = await signMessage(arf, key, { maxBodyLength: Buffer.byteLength(body) + 10 });
    expect(await run(signed)).toMatchObject({ trusted: true });
  });

  it('does not trust a signature that leaves Content-Type unsigned', async () => {
    const signed = await signMessage(arf, key, { headerList: ['from', 'to', 'subject', 'date'] });
    expect(await run(signed)).toMatchObject({
      trusted: false,
      reason: expect.stringMatching(/does not cover/),
    });
  });

  it('does not trust a report with an extra, unsigned Content-Type or From field', async () => {
    const signed = await signMessage(arf, key);
    for (const extra of [
      'Content-Type: multipart/report; report-type=feedback-report; boundary="evil"\r\n',
      'From: someone@evil.example\r\n',
    ]) {
      expect(await run(extra + signed)).toMatchObject({ trusted: false });
    }
  });

  it('says a DNS failure is temporary, so the worker retries', async () => {
    const failing = createFeedbackSourceCheck({
      sources: [SOURCE],
      resolver: async () => {
        throw Object.assign(new Error('queryTxt ETIMEOUT'), { code: 'ETIMEOUT' });
      },
    });
    expect(await failing(Buffer.from(await signMessage(arf, key)))).toMatchObject({
      trusted: false,
      temporary: true,
    });
  });
});
