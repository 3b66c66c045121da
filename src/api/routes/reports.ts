/** `GET /api/reports/non-deliverables?from=&to=&deliveryId=`: failures of a period. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { nonDeliverablesReport } from '../../store/report-repository.js';
import { AppError } from '../../errors.js';
import { isoDate, parseRequest } from '../request.js';
import { routeDoc } from '../openapi/route-doc.js';

const DAY_MS = 86_400_000;

const reportQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  deliveryId: z.string().min(1).optional(),
});

export function registerReportRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/api/reports/non-deliverables',
    {
      schema: routeDoc({
        tags: ['reports'],
        summary: 'Counts by type, reason and status; top domains; quarantined in the period',
        querystring: reportQuery,
        responses: { 200: 'The report' },
      }),
    },
    async (request) => {
      const query = parseRequest(reportQuery, request.query);
      // Default period: the last 7 days up to now.
      const to = query.to ?? context.now?.() ?? new Date();
      const from = query.from ?? new Date(to.getTime() - 7 * DAY_MS);
      if (from >= to) throw new AppError('API_BAD_REQUEST', 'from must be before to');
      return nonDeliverablesReport(context.db, {
        from,
        to,
        ...(query.deliveryId ? { deliveryId: query.deliveryId } : {}),
      });
    },
  );
}
