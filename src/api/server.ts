/**
 * The HTTP API (fastify). Routes live one file per resource under routes/; this file wires
 * them, the token check on the matched route (auth/), and error replies with stable codes.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ApiContext } from './context.js';
import type { ApiTokenHash } from './auth/api-tokens.js';
import { createAuthorizeHook } from './auth/authorize.js';
import { ROUTE_SCOPES, routeKey } from './auth/route-scopes.js';
import { createErrorHandler, replyBadUrl, replyNotFound } from './error-reply.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerAddressRoutes } from './routes/addresses.js';
import { registerIntakeRoutes } from './routes/intake.js';
import { registerHoldRoutes } from './routes/holds.js';
import { registerMessageRoutes } from './routes/messages.js';
import { registerProfileRoutes } from './routes/profiles.js';
import { registerAddressEditRoutes } from './routes/address-edit.js';
import { registerAddressHistoryRoutes } from './routes/address-history.js';
import { registerReleaseRoutes } from './routes/release.js';
import { registerEventRoutes } from './routes/events.js';
import { registerCheckRoutes } from './routes/check.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerQualificationRoutes } from './routes/qualifications.js';
import { registerRuleRoutes } from './routes/rules.js';
import { registerAddressTransferRoutes } from './routes/address-transfer.js';
import { registerConsoleRoutes } from './console/serve-console.js';
import { registerUnsubscribeRoutes } from './routes/unsubscribe.js';
import { registerDomainHealthRoutes } from './routes/domain-health.js';
import { registerRateReportRoutes } from './routes/rate-reports.js';
import { registerAddressOptOutRoutes } from './routes/address-optouts.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Hashed API tokens; none: the API is open (loopback only, checked by config). */
  tokens?: readonly ApiTokenHash[];
  logger: Logger;
}

/**
 * The app with every route registered, not listening; `routes` lists them as `METHOD /pattern`
 * (the keys of ROUTE_SCOPES).
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
  registerHealthRoutes(app, context);
  registerAddressTransferRoutes(app, context);
  registerAddressRoutes(app, context);
  registerIntakeRoutes(app, context);
  registerHoldRoutes(app, context);
  registerMessageRoutes(app, context);
  registerProfileRoutes(app, context);
  registerAddressEditRoutes(app, context);
  registerAddressHistoryRoutes(app, context);
  registerReleaseRoutes(app, context);
  registerEventRoutes(app, context);
  registerCheckRoutes(app, context);
  registerReportRoutes(app, context);
  registerConsoleRoutes(app);
  registerUnsubscribeRoutes(app, context);
  registerDomainHealthRoutes(app, context);
  registerRateReportRoutes(app, context);
  registerAddressOptOutRoutes(app, context);
  if (context.rules) {
    registerQualificationRoutes(app, context, context.rules);
    registerRuleRoutes(app, context, context.rules);
  }
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
