import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { runReadinessChecks } from '../readiness.js';

export function registerHealthRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, checks } = await runReadinessChecks(context.readiness);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
}
