/**
 * The HTTP API (fastify). Routes live one file per resource under routes/; this file wires
 * them, the token check on the matched route (auth/), and error replies with stable codes.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ApiContext } from './context.js';
import type { ApiTokenHash } from './auth/api-tokens.js';
import { createAuthorizeHook } from './auth/authorize.js';
import { ROUTE_SCOPES, routeKey } from './auth/route-scopes.js';
import { createErrorHandler, replyBadUrl, replyNotFound } from './error-reply.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerAddressRoutes } from './routes/addresses.js';
import { registerIntakeRoutes } from './routes/intake.js';
import { registerEspIntakeRoutes } from './routes/esp-intake.js';
import { registerHoldRoutes } from './routes/holds.js';
import { registerMessageRoutes } from './routes/messages.js';
import { registerProfileRoutes } from './routes/profiles.js';
import { registerAddressEditRoutes } from './routes/address-edit.js';
import { registerAddressHistoryRoutes } from './routes/address-history.js';
import { registerReleaseRoutes } from './routes/release.js';
import { registerEventRoutes } from './routes/events.js';
import { registerCheckRoutes } from './routes/check.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerReportTimelineRoutes } from './routes/report-timeline.js';
import { registerQualificationRoutes } from './routes/qualifications.js';
import { registerRuleRoutes } from './routes/rules.js';
import { registerRuleSetRoutes } from './routes/rule-sets.js';
import { registerAddressTransferRoutes } from './routes/address-transfer.js';
import { registerConsoleRoutes } from './console/serve-console.js';
import { registerUnsubscribeRoutes } from './routes/unsubscribe.js';
import { registerDomainHealthRoutes } from './routes/domain-health.js';
import { registerRateReportRoutes } from './routes/rate-reports.js';
import { registerAddressOptOutRoutes } from './routes/address-optouts.js';
import { registerOpenApi } from './openapi/register-openapi.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Hashed API tokens; none: the API is open (loopback only, checked by config). */
  tokens?: readonly ApiTokenHash[];
  logger: Logger;
}

/**
 * The app with every route registered, not listening; `routes` lists them as `METHOD /pattern`
 * (the keys of ROUTE_SCOPES), filled in once the app is ready.
 */
export function buildHttpApp(
  options: Omit<HttpServerOptions, 'host' | 'port'>,
  context: ApiContext,
): { app: FastifyInstance; routes: string[] } {
  const app = Fastify({
    // Request lines at info would drown the event logs; errors still come through.
    loggerInstance: options.logger.child({ stage: 'api' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 32 * 1024 * 1024,
    // A URL the router cannot decode is answered before any hook, in our shape too.
    frameworkErrors: replyBadUrl,
  }) as unknown as FastifyInstance;
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = routeKey(method, route.url);
      if (routes.includes(key)) continue;
      routes.push(key);
      if (!Object.hasOwn(ROUTE_SCOPES, key))
        options.logger.warn({ event: 'api.route.unscoped', route: key, needs: 'admin' });
    }
  });
  if (options.tokens && options.tokens.length > 0)
    app.addHook('onRequest', createAuthorizeHook(options.tokens, options.logger));
  app.setErrorHandler(createErrorHandler(options.logger));
  app.setNotFoundHandler(replyNotFound);
  // Every route carries a schema for the OpenAPI document (openapi/route-doc.ts); zod in the
  // handlers validates, so fastify's own validation is off and cannot answer differently.
  app.setValidatorCompiler(() => () => true);
  registerOpenApi(app, PACKAGE_VERSION);
  // Routes go in a child context so they are added after @fastify/swagger is loaded and seen
  // by it; hooks, error and not-found handlers set above apply to them all the same.
  app.register(async (api) => {
    registerHealthRoutes(api, context);
    registerMetricsRoute(api, context);
    registerAddressTransferRoutes(api, context);
    registerAddressRoutes(api, context);
    registerIntakeRoutes(api, context);
    registerEspIntakeRoutes(api, context);
    registerHoldRoutes(api, context);
    registerMessageRoutes(api, context);
    registerProfileRoutes(api, context);
    registerAddressEditRoutes(api, context);
    registerAddressHistoryRoutes(api, context);
    registerReleaseRoutes(api, context);
    registerEventRoutes(api, context);
    registerCheckRoutes(api, context);
    registerReportRoutes(api, context);
    registerReportTimelineRoutes(api, context);
    registerRateReportRoutes(api, context);
    registerDomainHealthRoutes(api, context);
    registerAddressOptOutRoutes(api, context);
    registerUnsubscribeRoutes(api, context);
    registerConsoleRoutes(api);
    if (context.rules) {
      registerQualificationRoutes(api, context, context.rules);
      registerRuleRoutes(api, context, context.rules);
      registerRuleSetRoutes(api, context, context.rules);
    }
  });
  return { app, routes };
}

export async function startHttpServer(
  options: HttpServerOptions,
  context: ApiContext,
): Promise<{ app: FastifyInstance; port: number }> {
  const { app } = buildHttpApp(options, context);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ event: 'api.listening', host: options.host, port });
  return { app, port };
}
