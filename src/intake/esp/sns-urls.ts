/**
 * Which URLs an SNS message may make us fetch: its signing certificate and, for a subscription
 * confirmation, its SubscribeURL. Only https on an SNS regional host (`sns.<region>.amazonaws.com`,
 * `.com.cn` in China), default port, no user info; a certificate's path must end in `.pem`.
 * Anything else would let a forged message point the check at a key of its own, or make
 * Rebound request an arbitrary URL. `testOrigins` (SES_SNS_TEST_ORIGINS, loopback only) adds
 * the origin of a local server for tests.
 */
const SNS_HOST = /^sns\.[a-z0-9-]{3,}\.amazonaws\.com(?:\.cn)?$/;

export function isTrustedSnsUrl(
  value: string,
  purpose: 'certificate' | 'subscribe',
  testOrigins: readonly string[] = [],
): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (purpose === 'certificate' && !url.pathname.endsWith('.pem')) return false;
  if (testOrigins.includes(url.origin)) return true;
  return url.protocol === 'https:' && url.port === '' && SNS_HOST.test(url.hostname);
}
