/**
 * The scope each route needs, in one table keyed by the route the router matched (method and
 * pattern as registered), never by the raw URL: `/%61pi/…`, `http://host/api/…` and `/api/…`
 * are one route to the router, so they are one entry here. A route missing from this table
 * needs `admin` (closed by default) and fails test/unit/route-scopes.test.ts.
 */
import type { Scope } from './scopes.js';

/**
 * `public`: no token needed (health probes, the console's static pages and the API description,
 * which hold no data, and the ESP webhooks, which check the provider's signature instead).
 */
export type RouteAccess = Scope | 'public';

export const ROUTE_SCOPES: Readonly<Record<string, RouteAccess>> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  // The console's HTML, scripts and styles: every datum they show comes from a scoped /api call.
  'GET /': 'public',
  'GET /console/*': 'public',
  // The OpenAPI document and its page describe routes (as the README does) and hold no data;
  // a browser opening the page sends no bearer token.
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  // Counts and timings only, no address; still behind a token where tokens are configured.
  'GET /metrics': 'metrics',
  // Sending services' webhooks: no bearer token (the provider cannot send one), but each
  // request must carry the provider's own signature or credentials (esp-intake.ts).
  'POST /esp/ses': 'public',
  'POST /esp/sendgrid': 'public',
  'POST /esp/postmark': 'public',
  'POST /esp/mailgun': 'public',
  // One-click unsubscribe (RFC 8058): the signed token in the path is the authorization.
  'GET /u/*': 'public',
  'POST /u/*': 'public',

  'POST /api/check': 'check',
  'GET /api/addresses/:address': 'check',
  'GET /api/domains/:domain/health': 'check',
  'GET /api/domains/paused': 'check',

  'POST /api/events': 'intake',
  'POST /api/intake/sms/status-reports': 'intake',
  'POST /api/intake/sms/inbound': 'intake',
  'POST /api/intake/push/feedback': 'intake',

  'GET /api/addresses': 'staff',
  'PUT /api/addresses/:address': 'staff',
  'DELETE /api/addresses/:address': 'staff',
  'GET /api/addresses/:address/history': 'staff',
  'GET /api/addresses/:address/optouts': 'staff',
  'DELETE /api/addresses/:address/optouts': 'staff',
  'POST /api/addresses/release': 'staff',
  'GET /api/addresses/export': 'staff',
  'POST /api/addresses/import': 'staff',
  'GET /api/profiles/:profileId/denylist': 'staff',
  'POST /api/profiles/:profileId/denylist': 'staff',
  'DELETE /api/profiles/:profileId/denylist': 'staff',
  'GET /api/messages': 'staff',
  'GET /api/messages/:id/raw': 'staff',
  'POST /api/messages/:id/retry': 'staff',
  'GET /api/holds': 'staff',
  'GET /api/holds/:id/events': 'staff',
  'POST /api/holds/:id/apply': 'staff',
  'POST /api/holds/:id/discard': 'staff',
  'GET /api/reports/non-deliverables': 'staff',
  'GET /api/reports/timeline': 'staff',
  'GET /api/reports/rates': 'staff',
  'GET /api/reports/events': 'staff',
  'PUT /api/domains/:domain/health/settings': 'staff',
  'DELETE /api/domains/:domain/health/settings': 'staff',
  'POST /api/domains/:domain/health/resume': 'staff',
  'GET /api/qualifications': 'staff',
  'GET /api/qualifications/:id': 'staff',
  'GET /api/qualifications/:id/addresses': 'staff',
  'PATCH /api/qualifications/:id': 'staff',
  'GET /api/rules': 'staff',
  'GET /api/rules/:id': 'staff',
  'POST /api/rules': 'staff',
  'PUT /api/rules/:id': 'staff',
  'DELETE /api/rules/:id': 'staff',
  'GET /api/rule-sets': 'staff',
  'POST /api/rule-tests': 'staff',
};

/** The table's key for a registered route; fastify's automatic HEAD routes share their GET's. */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** What a matched route needs: its entry, else `admin`. */
export function accessOfRoute(method: string, url: string): RouteAccess {
  const key = routeKey(method, url);
  return Object.hasOwn(ROUTE_SCOPES, key) ? ROUTE_SCOPES[key]! : 'admin';
}
