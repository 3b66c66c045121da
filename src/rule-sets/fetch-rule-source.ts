/**
 * Fetches rule sets from an HTTP(S) URL for the nightly sync: conditional on the last ETag,
 * bounded in time and size, redirects followed on the same host only, validated before
 * anything is returned. Never throws: a failed
 * fetch is a typed error, and the caller keeps the rules it has.
 */
import type { CompiledRuleSet, RuleLimits } from '../qualify/index.js';
import { fetchSameHost } from '../core/fetch-same-host.js';
import { compileSourceText } from './compile-source-data.js';
import { RuleSourceError } from './rule-source-error.js';

/** Options of {@link fetchRuleSource}. */
export interface FetchRuleSourceOptions {
  /** ETag of the last body used: the server may answer 304 and nothing is downloaded. */
  etag?: string;
  /** Whole-request budget, headers and body (default 10 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 2 MiB). */
  maxBytes?: number;
  /** Bounds on the rules' regexes (default DEFAULT_RULE_LIMITS). */
  limits?: RuleLimits;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export type FetchRuleSourceResult =
  | { ok: true; status: 'not-modified'; etag?: string }
  | { ok: true; status: 'updated'; ruleSets: CompiledRuleSet[]; etag?: string }
  | { ok: false; error: RuleSourceError };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Downloads and compiles the rule sets at `url` (one set or a `{ "ruleSets": [...] }` bundle). */
export async function fetchRuleSource(
  url: string,
  options: FetchRuleSourceOptions = {},
): Promise<FetchRuleSourceResult> {
  const source = redact(url);
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      const message = 'only http and https URLs are read';
      throw new RuleSourceError('RULES_SOURCE_BAD_URL', source, message);
    }
    const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const response = await request(parsed, source, options, signal);
    const etag = response.headers.get('etag') ?? undefined;
    if (response.status === 304) return { ok: true, status: 'not-modified', ...(etag && { etag }) };
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const retryable = response.status >= 500 || response.status === 429;
      const message = `answered HTTP ${response.status}`;
      throw new RuleSourceError('RULES_SOURCE_HTTP_STATUS', source, message, { retryable });
    }
    const text = await readBody(response, source, options.maxBytes ?? DEFAULT_MAX_BYTES);
    const ruleSets = compileSourceText(source, text, options.limits);
    return { ok: true, status: 'updated', ruleSets, ...(etag && { etag }) };
  } catch (error) {
    return { ok: false, error: asSourceError(error, source) };
  }
}

async function request(
  url: URL,
  source: string,
  options: FetchRuleSourceOptions,
  signal: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.etag) headers['if-none-match'] = options.etag;
  // fetch refuses credentials in the URL; "https://user:pass@host/..." means Basic auth.
  const target = new URL(url);
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers['authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  let result;
  try {
    // Redirects stay on the URL's host: the credentials above must not travel elsewhere.
    const fetchOptions = options.fetch ? { fetch: options.fetch } : {};
    result = await fetchSameHost(target, { headers, signal }, fetchOptions);
  } catch (error) {
    throw asSourceError(error, source);
  }
  if (result.refused) {
    await result.response.body?.cancel().catch(() => undefined);
    const message = `redirect to ${result.refused.to} not followed (${result.refused.reason})`;
    throw new RuleSourceError('RULES_SOURCE_REDIRECT_REFUSED', source, message);
  }
  return result.response;
}

/** Reads at most maxBytes: a declared or actual larger body is refused, not truncated. */
async function readBody(response: Response, source: string, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new RuleSourceError('RULES_SOURCE_TOO_LARGE', source, `body is larger than ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

function asSourceError(error: unknown, source: string): RuleSourceError {
  if (error instanceof RuleSourceError) return error;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new RuleSourceError('RULES_SOURCE_TIMEOUT', source, 'timed out', { cause: error });
  }
  if (error instanceof TypeError && /invalid url/i.test(error.message)) {
    const options = { cause: error };
    return new RuleSourceError('RULES_SOURCE_BAD_URL', source, 'is not a valid URL', options);
  }
  if (error instanceof TypeError && /encoded data was not valid/i.test(error.message)) {
    const options = { cause: error };
    return new RuleSourceError('RULES_SOURCE_INVALID_JSON', source, 'is not UTF-8', options);
  }
  // undici puts the reason in `cause` ("ECONNREFUSED"); its message is only "fetch failed".
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const fallback = error instanceof Error ? error.message : String(error);
  const message = cause?.code ?? cause?.message ?? fallback;
  return new RuleSourceError('RULES_SOURCE_UNREACHABLE', source, message, { cause: error });
}

/** URLs may carry credentials or tokens: logs and errors only ever see origin and path. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
