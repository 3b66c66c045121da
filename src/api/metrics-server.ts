/**
 * /metrics alone, for a process that does not serve the API (a worker-only process in the
 * production shape): its own event counters, none of the shared gauges (the API process reports
 * those, so a sum over processes counts them once). Same tokens and scope as the API.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ApiTokenHash } from './auth/api-tokens.js';
import { createAuthorizeHook } from './auth/authorize.js';
import { createErrorHandler, replyNotFound } from './error-reply.js';
import { renderMetrics } from '../metrics/index.js';

export async function startMetricsServer(options: {
  host: string;
  port: number;
  tokens: readonly ApiTokenHash[];
  logger: Logger;
}): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify({
    loggerInstance: options.logger.child({ stage: 'api' }, { level: 'warn' }) as FastifyBaseLogger,
  }) as unknown as FastifyInstance;
  if (options.tokens.length > 0)
    app.addHook('onRequest', createAuthorizeHook(options.tokens, options.logger));
  app.setErrorHandler(createErrorHandler(options.logger));
  app.setNotFoundHandler(replyNotFound);
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await renderMetrics();
    return reply.type(contentType).send(body);
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ event: 'api.metrics.listening', host: options.host, port });
  return { app, port };
}
