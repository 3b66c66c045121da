/**
 * `GET /api/reports/timeline?from=&to=&by=kind|type|reason|domain&bucket=hour|day&top=`:
 * bounces and complaints per hour or day (UTC), split by one dimension, for the console's
 * Reports page. Default period: the last 7 days; default bucket: hour up to 2 days, else day.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import {
  TIMELINE_BUCKETS,
  TIMELINE_DIMENSIONS,
  bucketCount,
  reportTimeline,
} from '../../store/report-timeline-repository.js';
import { AppError } from '../../errors.js';
import { isoDate, parseRequest } from '../request.js';
import { routeDoc } from '../openapi/route-doc.js';

const DAY_MS = 86_400_000;
/** Enough for 41 days by the hour or 2.7 years by the day; more is not one chart. */
const MAX_BUCKETS = 1_000;

const timelineQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  by: z.enum(TIMELINE_DIMENSIONS).default('kind'),
  bucket: z.enum(TIMELINE_BUCKETS).optional(),
  top: z.coerce.number().int().min(1).max(50).default(10),
});

export function registerReportTimelineRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/api/reports/timeline',
    {
      schema: routeDoc({
        tags: ['reports'],
        summary: 'Bounces and complaints per hour or day, split by one dimension',
        querystring: timelineQuery,
        responses: { 200: 'buckets and series', 400: 'a window the wrong way round or too long' },
      }),
    },
    async (request) => {
      const query = parseRequest(timelineQuery, request.query);
      const to = query.to ?? context.now?.() ?? new Date();
      const from = query.from ?? new Date(to.getTime() - 7 * DAY_MS);
      if (from >= to) throw new AppError('API_BAD_REQUEST', 'from must be before to');
      const bucket = query.bucket ?? (to.getTime() - from.getTime() <= 2 * DAY_MS ? 'hour' : 'day');
      const buckets = bucketCount(from, to, bucket);
      if (buckets > MAX_BUCKETS)
        throw new AppError(
          'API_BAD_REQUEST',
          `the period has ${buckets} ${bucket}s; at most ${MAX_BUCKETS} (choose bucket=day or a shorter period)`,
        );
      return reportTimeline(context.db, { from, to, by: query.by, bucket, top: query.top });
    },
  );
}
