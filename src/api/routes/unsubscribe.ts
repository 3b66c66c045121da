/**
 * One-click unsubscribe (RFC 8058), public: `POST /u/<token>` with the form body
 * `List-Unsubscribe=One-Click` opts the token's recipient out (of its list or service, when
 * the token names one); `GET /u/<token>` only shows a confirmation page whose button POSTs.
 * The token is HMAC-signed (unsubscribe/unsubscribe-token.ts): a tampered one is refused and
 * nothing is stored. Repeating the POST answers the same and writes nothing more. Both are
 * rate limited per client IP. The route is `/u/*` so a long token is not cut by the router's
 * parameter length limit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../../errors.js';
import { normalizeAddress } from '../../core/address.js';
import type { Database } from '../../store/database.js';
import { createRateLimiter } from '../rate-limit.js';
import {
  decodeUnsubscribeToken,
  type UnsubscribeTarget,
} from '../../unsubscribe/unsubscribe-token.js';
import { recordAddressOptOut } from '../../unsubscribe/record-opt-out.js';
import { confirmationPage, unsubscribedPage } from '../../unsubscribe/confirmation-page.js';

/** The actor of a one-click opt-out in the change audit: the recipient, through the link. */
export const ONE_CLICK_ACTOR = 'recipient (one-click)';
const FORM_LIMIT_BYTES = 4_096;

export function registerUnsubscribeRoutes(app: FastifyInstance, context: ApiContext): void {
  const limiter = createRateLimiter({ perWindow: context.unsubscribe?.ratePerMinute ?? 60 });
  const targetOf = (request: FastifyRequest): UnsubscribeTarget => {
    if (!limiter.allow(request.ip))
      throw new AppError('API_RATE_LIMITED', 'too many unsubscribe requests; try again later');
    const secret = context.unsubscribe?.secret;
    if (!secret) throw new AppError('UNSUBSCRIBE_DISABLED', 'one-click unsubscribe is not set up');
    const token = (request.params as Record<string, string | undefined>)['*'] ?? '';
    const decoded = decodeUnsubscribeToken(token, secret);
    if (!decoded.valid)
      throw new AppError('UNSUBSCRIBE_TOKEN_INVALID', `the unsubscribe link is ${decoded.reason}`);
    return decoded.target;
  };

  void app.register(async (scope) => {
    // RFC 8058 §3.1: the body is form data; mail providers send it url-encoded (Gmail) or as
    // multipart. Parsed here only, so the rest of the API stays JSON.
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'],
      { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.get(
      '/u/*',
      {
        schema: routeDoc({
          tags: ['unsubscribe'],
          summary: 'One-click unsubscribe: the confirmation page (changes nothing)',
          responses: { 200: 'HTML page', 400: 'token invalid' },
        }),
      },
      async (request, reply) => {
        const target = targetOf(request);
        return reply
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(confirmationPage(target));
      },
    );

    scope.post(
      '/u/*',
      {
        schema: routeDoc({
          tags: ['unsubscribe'],
          summary: 'One-click unsubscribe (RFC 8058 List-Unsubscribe=One-Click)',
          responses: { 200: 'opted out', 400: 'token invalid', 429: 'rate limited' },
        }),
      },
      async (request, reply) => {
        const target = targetOf(request);
        if (!asksOneClick(request.body))
          throw new AppError('API_BAD_REQUEST', 'the body must be List-Unsubscribe=One-Click');
        const address = normalizeAddress('email', target.recipient, context.emailNormalization);
        const created = await context.db.transaction((txn) =>
          recordAddressOptOut(txn as unknown as Database, {
            address,
            channel: 'email',
            ...(target.service ? { service: target.service } : {}),
            source: 'one_click',
            ...(target.deliveryId ? { deliveryId: target.deliveryId } : {}),
            actor: ONE_CLICK_ACTOR,
            at: context.now?.() ?? new Date(),
          }),
        );
        request.log.info({ event: 'api.unsubscribe.one_click', created });
        return reply
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(unsubscribedPage({ ...target, recipient: address }));
      },
    );
  });
}

/** Whether the form body carries `List-Unsubscribe=One-Click` (url-encoded or a multipart field). */
function asksOneClick(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  const field = new URLSearchParams(body).get('List-Unsubscribe');
  if (field?.trim() === 'One-Click') return true;
  return /name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/i.test(body);
}
