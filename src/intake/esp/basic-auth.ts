/**
 * HTTP Basic credentials (RFC 7617), as Postmark sends them when the webhook URL carries
 * `user:password@`. Compared as sha256 digests with timingSafeEqual: neither the length nor
 * the first differing byte shows in the timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function basicAuthMatches(
  header: string | undefined,
  expected: { user: string; password: string },
): boolean {
  const encoded = /^basic +([A-Za-z0-9+/=]+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return false;
  const given = Buffer.from(encoded, 'base64').toString('utf8');
  const sameUser = timingSafeEqual(digest(given.split(':')[0] ?? ''), digest(expected.user));
  const samePassword = timingSafeEqual(
    digest(given.slice(given.indexOf(':') + 1)),
    digest(expected.password),
  );
  return given.includes(':') && sameUser && samePassword;
}
