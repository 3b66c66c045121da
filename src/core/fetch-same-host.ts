/**
 * fetch for operator-set outbound URLs (WEBHOOK_URL, RULES_SOURCE_URL) that follows redirects
 * only on the same host: a receiver that answers `302 Location: http://169.254.169.254/…` or
 * another site must not get our signed body or credentials, nor make us read from elsewhere.
 * Followed: same scheme, host and port, or the upgrade of that host from http to https.
 * Refused: another host or port, https to http, a scheme other than http(s), a 301/302/303
 * that would turn a POST into a GET, and more than `maxRedirects` hops.
 */

export interface FetchSameHostOptions {
  /** Hops followed before giving up (default 5). */
  maxRedirects?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface FetchSameHostResult {
  /** The last answer: a 3xx when a redirect was refused. */
  response: Response;
  /** Why a redirect was not followed, and the origin it pointed to (never its path). */
  refused?: { to: string; reason: string };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function fetchSameHost(
  url: URL | string,
  init: RequestInit = {},
  options: FetchSameHostOptions = {},
): Promise<FetchSameHostResult> {
  const maxRedirects = options.maxRedirects ?? 5;
  const method = (init.method ?? 'GET').toUpperCase();
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const response = await (options.fetch ?? fetch)(current, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null) return { response };
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      await response.body?.cancel().catch(() => undefined);
      return { response, refused: { to: '(invalid URL)', reason: 'Location is not a URL' } };
    }
    const reason =
      refusal(current, next) ??
      (method !== 'GET' && method !== 'HEAD' && response.status < 307
        ? `a ${response.status} would turn the ${method} into a GET`
        : hop >= maxRedirects
          ? `more than ${maxRedirects} redirects`
          : undefined);
    await response.body?.cancel().catch(() => undefined);
    if (reason) return { response, refused: { to: originOf(next), reason } };
    current = next;
  }
}

function refusal(from: URL, to: URL): string | undefined {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return `${to.protocol} is not http(s)`;
  if (from.protocol === 'https:' && to.protocol === 'http:') return 'https to http';
  if (to.host === from.host) return undefined;
  const upgrade =
    from.protocol === 'http:' &&
    to.protocol === 'https:' &&
    to.hostname === from.hostname &&
    from.port === '' &&
    to.port === '';
  return upgrade ? undefined : 'another host';
}

function originOf(url: URL): string {
  return url.origin === 'null' ? `${url.protocol}` : url.origin;
}
