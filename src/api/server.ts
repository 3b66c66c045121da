/**
 * The HTTP API (fastify). Routes live one file per resource under routes/; this file wires
 * them, the bearer-token check for /api, and error replies with stable codes.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isAppError } from '../errors.js';
import type { ApiContext } from './context.js';
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
import { registerConsoleRoutes } from './console/serve-console.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  apiToken?: string;
  logger: Logger;
}

export async function startHttpServer(
  options: HttpServerOptions,
  context: ApiContext,
): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify({
    // Request lines at info would drown the event logs; errors still come through.
    loggerInstance: options.logger.child({ stage: 'api' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 32 * 1024 * 1024,
  }) as unknown as FastifyInstance;
  if (options.apiToken) {
    const expected = Buffer.from(`Bearer ${options.apiToken}`);
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/api/')) return;
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply
          .code(401)
          .send({ error: 'API_UNAUTHORIZED', message: 'missing or wrong bearer token' });
      }
    });
  }
  app.setErrorHandler((error, _request, reply) => {
    if (isAppError(error)) {
      const status = error.code.endsWith('_NOT_FOUND')
        ? 404
        : error.code.endsWith('_CONFLICT')
          ? 409
          : error.code.startsWith('API_')
            ? 400
            : 500;
      return reply.code(status).send({ error: error.code, message: error.message });
    }
    const statusCode = (error as { statusCode?: number }).statusCode ?? 500;
    if (statusCode >= 500)
      options.logger.error({ event: 'api.error', err: (error as Error).message });
    return reply.code(statusCode).send({
      error: statusCode === 400 ? 'API_BAD_REQUEST' : 'API_INTERNAL',
      message: (error as Error).message,
    });
  });
  registerHealthRoutes(app, context);
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
  if (context.rules) {
    registerQualificationRoutes(app, context, context.rules);
    registerRuleRoutes(app, context, context.rules);
  }
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ event: 'api.listening', host: options.host, port });
  return { app, port };
}
