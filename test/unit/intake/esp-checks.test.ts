import { createHmac, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrustedSnsUrl } from '../../../src/intake/esp/sns-urls.js';
import { createSnsCertificateCache } from '../../../src/intake/esp/sns-certificates.js';
import {
  sendgridPublicKey,
  verifySendgridSignature,
} from '../../../src/intake/esp/sendgrid-signature.js';
import { verifyMailgunSignature } from '../../../src/intake/esp/mailgun-signature.js';
import { basicAuthMatches } from '../../../src/intake/esp/basic-auth.js';
import { withinSignatureWindow } from '../../../src/intake/esp/signature-window.js';
import { loadConfig, redactConfig } from '../../../src/config.js';
import { AppError } from '../../../src/errors.js';

describe('SNS URLs we may fetch', () => {
  it.each([
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.eu-west-3.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem',
  ])('trusts the certificate at %s', (url) => {
    expect(isTrustedSnsUrl(url, 'certificate')).toBe(true);
  });

  it.each([
    'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.us-east-1.amazonaws.com.evil.example/x.pem',
    'https://evil-sns.us-east-1.amazonaws.com/x.pem',
    'https://sns.us-east-1.amazonaws.com:8443/x.pem',
    'https://user:pw@sns.us-east-1.amazonaws.com/x.pem',
    'https://sns.us-east-1.amazonaws.com/x.pem.txt',
    'https://s3.amazonaws.com/x.pem',
    'https://sns.amazonaws.com/x.pem',
    'not a url',
  ])('refuses the certificate at %s', (url) => {
    expect(isTrustedSnsUrl(url, 'certificate')).toBe(false);
  });

  it('takes a SubscribeURL on an SNS host without a .pem path, and test origins only as given', () => {
    const subscribe =
      'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=y';
    expect(isTrustedSnsUrl(subscribe, 'subscribe')).toBe(true);
    expect(isTrustedSnsUrl('http://127.0.0.1:4000/c.pem', 'certificate')).toBe(false);
    expect(
      isTrustedSnsUrl('http://127.0.0.1:4000/c.pem', 'certificate', ['http://127.0.0.1:4000']),
    ).toBe(true);
    expect(
      isTrustedSnsUrl('http://127.0.0.1:4001/c.pem', 'certificate', ['http://127.0.0.1:4000']),
    ).toBe(false);
  });
});

describe('the SNS certificate cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-sns-unit-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=sns.test'].concat(
      ['-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')],
    ),
    { stdio: 'ignore' },
  );
  const pem = readFileSync(join(dir, 'c.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const url = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem';

  it('fetches a certificate once for a burst and for later messages, until it expires', async () => {
    let fetches = 0;
    let clock = new Date();
    const cache = createSnsCertificateCache({
      now: () => clock,
      fetch: (async () => {
        fetches++;
        return new Response(pem, { status: 200 });
      }) as typeof fetch,
    });
    const keys = await Promise.all([1, 2, 3].map(() => cache.publicKeyOf(url)));
    await cache.publicKeyOf(url);
    expect(fetches).toBe(1);
    expect(keys[0]?.asymmetricKeyType).toBe('rsa');
    clock = new Date(Date.parse(new X509Certificate(pem).validTo) + 1000);
    await expect(cache.publicKeyOf(url)).rejects.toMatchObject({
      code: 'INTAKE_ESP_SIGNATURE_INVALID',
    });
    expect(fetches).toBe(2);
  });

  it('never fetches an untrusted URL, and answers a failed fetch as retryable', async () => {
    let fetches = 0;
    const cache = createSnsCertificateCache({
      fetch: (async () => {
        fetches++;
        return new Response('no', { status: 302, headers: { location: 'https://elsewhere/' } });
      }) as typeof fetch,
    });
    await expect(cache.publicKeyOf('https://example.com/x.pem')).rejects.toMatchObject({
      code: 'INTAKE_ESP_SIGNATURE_INVALID',
    });
    expect(fetches).toBe(0);
    const failed = await cache.publicKeyOf(url).catch((error: AppError) => error);
    expect(failed).toMatchObject({ code: 'INTAKE_ESP_CERT_UNAVAILABLE', retryable: true });
    expect(fetches).toBe(1);
  });
});

describe('webhook signatures', () => {
  it('verifies a SendGrid ECDSA signature of timestamp + body, and nothing else', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = sendgridPublicKey(
      publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    );
    const body = Buffer.from('[{"event":"bounce"}]');
    const signature = sign('sha256', Buffer.concat([Buffer.from('1796200000'), body]), privateKey);
    const b64 = signature.toString('base64');
    expect(verifySendgridSignature(body, '1796200000', b64, key)).toBe(true);
    expect(verifySendgridSignature(body, '1796200001', b64, key)).toBe(false);
    expect(verifySendgridSignature(Buffer.from('[]'), '1796200000', b64, key)).toBe(false);
    expect(verifySendgridSignature(body, '1796200000', 'not base64 at all', key)).toBe(false);
  });

  it('verifies a Mailgun HMAC in constant time, refusing other keys and lengths', () => {
    const signature = createHmac('sha256', 'signing-key-0001')
      .update('1796200000tok')
      .digest('hex');
    const sig = { timestamp: '1796200000', token: 'tok', signature };
    expect(verifyMailgunSignature(sig, 'signing-key-0001')).toBe(true);
    expect(verifyMailgunSignature(sig, 'signing-key-0002')).toBe(false);
    expect(
      verifyMailgunSignature({ ...sig, signature: signature.slice(2) }, 'signing-key-0001'),
    ).toBe(false);
  });

  it('matches Basic credentials exactly', () => {
    const expected = { user: 'hook', password: 'pass:with:colons-0001' };
    const header = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    expect(basicAuthMatches(header('hook:pass:with:colons-0001'), expected)).toBe(true);
    expect(basicAuthMatches(header('hook:pass:with:colons-0002'), expected)).toBe(false);
    expect(basicAuthMatches(header('hookpass:with:colons-0001'), expected)).toBe(false);
    expect(basicAuthMatches('Bearer abc', expected)).toBe(false);
    expect(basicAuthMatches(undefined, expected)).toBe(false);
  });

  it('keeps signed timestamps within the window either side', () => {
    const now = new Date(1796200000_000);
    expect(withinSignatureWindow('1796200000', now, 300)).toBe(true);
    expect(withinSignatureWindow('1796200300', now, 300)).toBe(true);
    expect(withinSignatureWindow('1796199699', now, 300)).toBe(false);
    expect(withinSignatureWindow('1796200000.5', now, 300)).toBe(false);
  });
});

describe('ESP configuration', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return ((error as AppError).details?.problems as string[]) ?? [];
    }
  };

  it('is off for every provider by default', () => {
    expect(loadConfig({}).esp).toEqual({ maxBodyBytes: 1024 * 1024, signatureWindowSeconds: 300 });
  });

  it('refuses a non-loopback SNS test origin, half a Postmark pair, a bad key and a bad ARN', () => {
    const problems = problemsOf({
      SES_TOPIC_ARNS: 'arn:aws:sns:us-east-1:123456789012:ok,not-an-arn',
      SES_SNS_TEST_ORIGINS: 'http://127.0.0.1:4000,https://sns.evil.example',
      POSTMARK_WEBHOOK_USER: 'hook',
      SENDGRID_WEBHOOK_PUBLIC_KEY: 'bm90IGEga2V5',
    });
    expect(problems.join('\n')).toMatch(/SES_TOPIC_ARNS: "not-an-arn"/);
    expect(problems.join('\n')).toMatch(/SES_SNS_TEST_ORIGINS: "https:\/\/sns\.evil\.example"/);
    expect(problems.join('\n')).not.toMatch(/127\.0\.0\.1:4000/);
    expect(problems.join('\n')).toMatch(/POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD/);
    expect(problems.join('\n')).toMatch(/SENDGRID_WEBHOOK_PUBLIC_KEY/);
  });

  it('redacts the Postmark password and the Mailgun key when printing the config', () => {
    const config = loadConfig({
      POSTMARK_WEBHOOK_USER: 'hook',
      POSTMARK_WEBHOOK_PASSWORD: 'postmark-secret-0001',
      MAILGUN_WEBHOOK_SIGNING_KEY: 'mailgun-secret-0001',
    });
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain('postmark-secret-0001');
    expect(printed).not.toContain('mailgun-secret-0001');
    expect(config.esp.postmark).toEqual({ user: 'hook', password: 'postmark-secret-0001' });
  });
});
