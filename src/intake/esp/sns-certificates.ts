/**
 * The SNS signing certificates, fetched once per URL and kept in memory until they expire (at
 * most a day): SNS signs every message with one of a few certificates, so a busy topic fetches
 * nothing after the first message. A fetch has a 5 s budget, a 64 KiB limit and follows no
 * redirect; a failure is the caller's 503 (SNS retries), never a pass.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { AppError, describeError } from '../../errors.js';
import { isTrustedSnsUrl } from './sns-urls.js';

const MAX_CERT_BYTES = 64 * 1024;
const MAX_AGE_MS = 24 * 3600 * 1000;
const MAX_ENTRIES = 100;

export interface SnsCertificateCache {
  publicKeyOf(url: string): Promise<KeyObject>;
}

export function createSnsCertificateCache(options: {
  testOrigins?: readonly string[];
  now?: () => Date;
  fetch?: typeof fetch;
}): SnsCertificateCache {
  const cache = new Map<string, { key: KeyObject; expiresAt: number }>();
  // A burst of messages signed by a certificate not yet cached waits on one fetch, not many.
  const pending = new Map<string, Promise<KeyObject>>();
  const now = () => (options.now?.() ?? new Date()).getTime();
  const load = async (url: string): Promise<KeyObject> => {
    const certificate = await fetchCertificate(url, options.fetch ?? fetch);
    const validTo = Date.parse(certificate.validTo);
    if (!(validTo > now()) || Date.parse(certificate.validFrom) > now())
      throw new AppError(
        'INTAKE_ESP_SIGNATURE_INVALID',
        'the SNS signing certificate is not valid now',
      );
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(url, {
      key: certificate.publicKey,
      expiresAt: Math.min(validTo, now() + MAX_AGE_MS),
    });
    return certificate.publicKey;
  };
  return {
    async publicKeyOf(url) {
      if (!isTrustedSnsUrl(url, 'certificate', options.testOrigins))
        throw new AppError(
          'INTAKE_ESP_SIGNATURE_INVALID',
          'SigningCertURL is not an SNS certificate URL',
        );
      const cached = cache.get(url);
      if (cached && cached.expiresAt > now()) return cached.key;
      let loading = pending.get(url);
      if (!loading) {
        loading = load(url).finally(() => pending.delete(url));
        pending.set(url, loading);
      }
      return loading;
    },
  };
}

async function fetchCertificate(url: string, fetcher: typeof fetch): Promise<X509Certificate> {
  let text: string;
  try {
    const response = await fetcher(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`HTTP ${response.status}`);
    }
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length > MAX_CERT_BYTES) throw new Error('certificate over 64 KiB');
    text = body.toString('utf8');
  } catch (error) {
    throw new AppError(
      'INTAKE_ESP_CERT_UNAVAILABLE',
      `cannot fetch the SNS signing certificate: ${describeError(error)}`,
      { cause: error },
    );
  }
  try {
    return new X509Certificate(text);
  } catch {
    throw new AppError(
      'INTAKE_ESP_SIGNATURE_INVALID',
      'SigningCertURL did not answer a PEM certificate',
    );
  }
}
