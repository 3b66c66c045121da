import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/api/server.js';
import type { ApiContext } from '../../../src/api/context.js';
import { ROUTE_SCOPES } from '../../../src/api/auth/route-scopes.js';
import { SCOPES } from '../../../src/api/auth/scopes.js';

// Every route the server can register (rules and intake included); handlers never run here.
const context = {
  readiness: {},
  rules: {},
  acceptMessage: async () => ({ spoolId: 1, duplicate: false }),
} as unknown as ApiContext;

async function registeredRoutes(): Promise<string[]> {
  const { app, routes } = buildHttpApp({ logger: pino({ level: 'silent' }) }, context);
  await app.ready();
  await app.close();
  return routes;
}

describe('route scopes', () => {
  it('gives every registered route a scope', async () => {
    const routes = await registeredRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((route) => !Object.hasOwn(ROUTE_SCOPES, route));
    expect(
      missing,
      `add to ROUTE_SCOPES in src/api/auth/route-scopes.ts: ${missing
        .map((route) => `'${route}': 'check' | 'intake' | 'staff' | 'admin'`)
        .join(', ')}`,
    ).toEqual([]);
  });

  it('lists no route that does not exist', async () => {
    const routes = await registeredRoutes();
    const stale = Object.keys(ROUTE_SCOPES).filter((route) => !routes.includes(route));
    expect(stale, 'remove these from ROUTE_SCOPES').toEqual([]);
  });

  it('leaves only the health probes, the console assets, the API description, the signed ESP webhooks and one-click unsubscribe public', () => {
    const publicRoutes = Object.entries(ROUTE_SCOPES)
      .filter(([, access]) => access === 'public')
      .map(([route]) => route);
    const description = ['GET /api/docs', 'GET /api/openapi.json'];
    expect(publicRoutes.sort()).toEqual([
      'GET /',
      ...description,
      'GET /console/*',
      'GET /healthz',
      'GET /readyz',
      'GET /u/*',
      'POST /esp/mailgun',
      'POST /esp/postmark',
      'POST /esp/sendgrid',
      'POST /esp/ses',
      'POST /u/*',
    ]);
    for (const [route, access] of Object.entries(ROUTE_SCOPES)) {
      expect([...SCOPES, 'public'], route).toContain(access);
      if (route.includes(' /api/') && !description.includes(route))
        expect(access, route).not.toBe('public');
    }
  });
});
