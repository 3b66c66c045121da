// The one way the console talks to the API: the token typed at sign-in goes in the
// Authorization header (never a URL, never a cookie, so a page of another site cannot use it).

const TOKEN_KEY = 'rebound.console.token';
const ACTOR_KEY = 'rebound.console.actor';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  setToken: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clearToken: () => sessionStorage.removeItem(TOKEN_KEY),
  actor: () => sessionStorage.getItem(ACTOR_KEY) ?? '',
  setActor: (actor) => sessionStorage.setItem(ACTOR_KEY, actor),
};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the API; answers the parsed JSON (or text for non-JSON), throws ApiError with a
 * sentence staff can act on. A 401/403 also tells the app to go back to sign-in.
 */
export async function api(method, path, body, options = {}) {
  const headers = { accept: 'application/json' };
  const token = options.token ?? session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  const actor = session.actor();
  if (actor) headers['x-actor'] = actor;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'omit',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The service did not answer: check that Rebound is running.');
  }
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  let data = text;
  if (isJson) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      data?.error ?? 'HTTP',
      describe(response.status, data),
    );
    if ((response.status === 401 || response.status === 403) && !options.probe) {
      window.dispatchEvent(new CustomEvent('rebound:unauthorized', { detail: error.message }));
    }
    throw error;
  }
  return data;
}

/** An API error answer in words. */
export function describe(status, data) {
  const detail = typeof data === 'object' && data?.message ? data.message : '';
  const code = typeof data === 'object' && data?.error ? ` ${data.error}` : '';
  const tail = detail ? `: ${detail.replace(/[.!?]?$/, '.')}` : '.';
  switch (status) {
    case 401:
      return `The API refused the token (401${code})${tail} Sign in with a valid token.`;
    case 403:
      return `This token is not allowed to do that (403${code})${tail}`;
    case 400:
      return `The service refused the request (400${code})${tail}`;
    case 404:
      return `Not found (404${code})${tail}`;
    case 409:
      return `That cannot be done now (409${code})${tail}`;
    default:
      return status >= 500
        ? `The service failed (${status}${code})${tail} Try again; if it goes on, check the service's logs.`
        : `The request failed (${status}${code})${tail}`;
  }
}

/** Query string from an object, skipping empty values. */
export function qs(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
