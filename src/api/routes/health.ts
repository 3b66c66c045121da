import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { withTimeout } from '../../core/timeout.js';

export function registerHealthRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of Object.entries(context.readiness)) {
      try {
        await withTimeout(check(), 2_000, name);
        checks[name] = 'ok';
      } catch (error) {
        ready = false;
        checks[name] = (error as Error).message || 'unreachable';
      }
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
}
