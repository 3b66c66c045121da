import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { runReadinessChecks } from '../readiness.js';
import { routeDoc } from '../openapi/route-doc.js';

export function registerHealthRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/healthz',
    {
      schema: routeDoc({
        tags: ['health'],
        summary: 'Liveness: the process is up',
        responses: { 200: '`{status: "ok"}`' },
      }),
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: routeDoc({
        tags: ['health'],
        summary: 'Readiness: database, queue, spool and worker checks',
        responses: {
          200: '`{status: "ready", checks}`',
          503: '`{status: "not_ready", checks}` naming the failing check',
        },
      }),
    },
    async (_request, reply) => {
      const { ready, checks } = await runReadinessChecks(context.readiness);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
}
