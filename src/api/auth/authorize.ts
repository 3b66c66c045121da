/**
 * The bearer-token check, as an onRequest hook: it runs after routing (fastify has matched the
 * route and decoded the path) and before the body is read, so the scope is the matched route's
 * and no unauthenticated body is ever parsed. A request that matched no route still needs a
 * valid token before it learns so (401, not 404). Tokens are compared as sha256 digests with
 * timingSafeEqual, every configured token each time: neither the length nor the position of a
 * match shows in the timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ApiTokenHash } from './api-tokens.js';
import { accessOfRoute } from './route-scopes.js';
import { grants, type Scope } from './scopes.js';

/** Who called: the token's name and scopes. */
export interface ApiCaller {
  readonly name: string;
  readonly scopes: readonly Scope[];
}

const callers = new WeakMap<FastifyRequest, ApiCaller>();

/** The authenticated caller of a request; undefined when the API runs without tokens. */
export function callerOf(request: FastifyRequest): ApiCaller | undefined {
  return callers.get(request);
}

interface KnownToken extends ApiCaller {
  digest: Buffer;
}

/** The caller a header's bearer token names, or undefined. */
export function authenticate(
  header: string | undefined,
  tokens: readonly KnownToken[],
): ApiCaller | undefined {
  // RFC 7235 §2.1: the scheme is case-insensitive; RFC 6750 §2.1: one or more spaces follow.
  const credential = /^bearer +(.+)$/i.exec(header ?? '')?.[1];
  if (credential === undefined) return undefined;
  const digest = createHash('sha256').update(credential, 'utf8').digest();
  let match: KnownToken | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(digest, token.digest) && match === undefined) match = token;
  }
  return match && { name: match.name, scopes: match.scopes };
}

/** The onRequest hook for `tokens` (at least one). */
export function createAuthorizeHook(tokens: readonly ApiTokenHash[], logger: Logger) {
  const known: KnownToken[] = tokens.map((token) => ({
    name: token.name,
    scopes: token.scopes,
    digest: Buffer.from(token.sha256, 'hex'),
  }));
  return async function authorize(request: FastifyRequest, reply: FastifyReply) {
    const { method, url } = request.routeOptions;
    const needed =
      url === undefined ? undefined : accessOfRoute(Array.isArray(method) ? '' : method, url);
    if (needed === 'public') return;
    const caller = authenticate(request.headers.authorization, known);
    const refuse = (status: 401 | 403, error: string, message: string, challenge: string) => {
      logger[status === 401 ? 'info' : 'warn']({
        event: 'api.auth.refused',
        status,
        method: request.method,
        route: url ?? null,
        token: caller?.name ?? null,
        ip: request.ip,
      });
      return reply.code(status).header('www-authenticate', challenge).send({ error, message });
    };
    if (!caller)
      return refuse(
        401,
        'API_UNAUTHORIZED',
        'missing or invalid bearer token',
        'Bearer realm="rebound"',
      );
    // No route matched: any valid token may hear the 404.
    if (needed !== undefined && !grants(caller.scopes, needed))
      return refuse(
        403,
        'API_FORBIDDEN',
        `token "${caller.name}" lacks the ${needed} scope`,
        `Bearer realm="rebound", error="insufficient_scope", scope="${needed}"`,
      );
    callers.set(request, caller);
  };
}
