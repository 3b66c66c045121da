/**
 * Reports with rates (staff): `GET /api/reports/rates` — bounce and complaint rates per
 * recipient domain or per delivery against the sends recorded by sender events — and
 * `GET /api/reports/events` — the events of a period by kind, domain and delivery. Both
 * answer JSON or, with `format=csv`, a CSV download. The period defaults to the last 7 days.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { AppError } from '../../errors.js';
import { CHANNELS } from '../../core/vocabulary.js';
import { isoDate, listParam, parseRequest } from '../request.js';
import {
  RATE_GROUPS,
  listEvents,
  rateReport,
  type ListedEvent,
  type RateRow,
} from '../../store/rate-report-repository.js';
import { csvField } from '../../suppressions/export-suppressions.js';

const DAY_MS = 86_400_000;

const period = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  channel: z.enum(CHANNELS).optional(),
  format: z.enum(['json', 'csv']).default('json'),
};

const ratesQuery = z.object({
  ...period,
  by: z.enum(RATE_GROUPS).default('domain'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});

const eventsQuery = z.object({
  ...period,
  kind: listParam.optional(),
  domain: z
    .string()
    .min(1)
    .transform((d) => d.toLowerCase())
    .optional(),
  deliveryId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
  cursor: z.coerce.number().int().positive().optional(),
});

const RATE_COLUMNS = [
  'key',
  'sends',
  'delivered',
  'bounces',
  'hardBounces',
  'complaints',
  'bounceRate',
  'complaintRate',
] as const satisfies ReadonlyArray<keyof RateRow>;

const EVENT_COLUMNS = [
  'id',
  'at',
  'kind',
  'channel',
  'address',
  'domain',
  'deliveryId',
  'category',
  'status',
  'replyCode',
  'failureType',
  'reason',
  'effect',
  'diagnostic',
] as const satisfies ReadonlyArray<keyof ListedEvent>;

function periodOf(query: { from?: Date; to?: Date }, now: Date): { from: Date; to: Date } {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - 7 * DAY_MS);
  if (from >= to) throw new AppError('API_BAD_REQUEST', 'from must be before to');
  return { from, to };
}

function sendCsv<T>(
  reply: FastifyReply,
  name: string,
  columns: ReadonlyArray<keyof T & string>,
  rows: readonly T[],
) {
  const lines = [columns.join(',')];
  for (const row of rows)
    lines.push(columns.map((c) => csvField(row[c] as string | number | null)).join(','));
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(`${lines.join('\r\n')}\r\n`);
}

export function registerRateReportRoutes(app: FastifyInstance, context: ApiContext): void {
  const now = () => context.now?.() ?? new Date();

  app.get(
    '/api/reports/rates',
    {
      schema: routeDoc({
        tags: ['reports'],
        summary: 'Bounce and complaint rates per domain or delivery against sends',
        querystring: ratesQuery,
        responses: { 200: '`{items}` or CSV' },
      }),
    },
    async (request, reply) => {
      const query = parseRequest(ratesQuery, request.query);
      const { from, to } = periodOf(query, now());
      const rows = await rateReport(
        context.db,
        { from, to, ...(query.channel ? { channel: query.channel } : {}) },
        query.by,
        query.limit,
      );
      if (query.format === 'csv') return sendCsv(reply, `rates-by-${query.by}`, RATE_COLUMNS, rows);
      return { from: from.toISOString(), to: to.toISOString(), by: query.by, items: rows };
    },
  );

  app.get(
    '/api/reports/events',
    {
      schema: routeDoc({
        tags: ['reports'],
        summary: 'Events by kind and time window',
        querystring: eventsQuery,
        responses: { 200: '`{items, nextCursor}` or CSV' },
      }),
    },
    async (request, reply) => {
      const query = parseRequest(eventsQuery, request.query);
      const { from, to } = periodOf(query, now());
      const items = await listEvents(context.db, {
        from,
        to,
        limit: query.limit,
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.kind ? { kinds: query.kind } : {}),
        ...(query.domain ? { domain: query.domain } : {}),
        ...(query.deliveryId ? { deliveryId: query.deliveryId } : {}),
        ...(query.cursor ? { beforeId: query.cursor } : {}),
      });
      if (query.format === 'csv') return sendCsv(reply, 'events', EVENT_COLUMNS, items);
      const last = items[items.length - 1];
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        items,
        nextCursor: items.length === query.limit && last ? String(last.id) : null,
      };
    },
  );
}
