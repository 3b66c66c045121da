import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { renderMetrics } from '../../metrics/index.js';
import { runReadinessChecks } from '../readiness.js';
import { routeDoc } from '../openapi/route-doc.js';

/** Prometheus text format: this process's counters and the gauges every process shares. */
export function registerMetricsRoute(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/metrics',
    {
      schema: routeDoc({
        tags: ['metrics'],
        summary: 'Prometheus metrics (text exposition format)',
        responses: { 200: 'The metrics, `text/plain; version=0.0.4`' },
      }),
    },
    async (_request, reply) => {
      const { contentType, body } = await renderMetrics({
        db: context.db,
        queueCounts:
          context.queueCounts ?? (() => Promise.reject(new Error('no queue in this process'))),
        readiness: () => runReadinessChecks(context.readiness),
        ...(context.now ? { now: context.now } : {}),
      });
      return reply.type(contentType).send(body);
    },
  );
}
