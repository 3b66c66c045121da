/**
 * The qualification table for staff: `GET /api/qualifications` (filters, keyset pages),
 * `GET /api/qualifications/:id`, `GET /api/qualifications/:id/addresses` (the addresses the
 * text affects), and `PATCH /api/qualifications/:id` to qualify a text (keep
 * with a type and reason, or ignore) and/or reset its counter. Audited with the caller (`actorOf`).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import {
  CHANNELS,
  FAILURE_TYPES,
  QUALIFICATION_STATUSES,
  REASON_NAMES,
  type Reason,
} from '../../core/vocabulary.js';
import { AppError } from '../../errors.js';
import {
  findQualification,
  listQualifications,
  type QualificationRow,
} from '../../store/qualification-query-repository.js';
import { listTextAddresses } from '../../store/qualification-address-repository.js';
import { patchQualification } from '../../rule-sets/qualify-text.js';
import type { RuleAdmin } from '../../rule-sets/rule-admin.js';
import { actorOf, parseRequest } from '../request.js';
import { routeDoc } from '../openapi/route-doc.js';

const listQuery = z.object({
  status: z.enum(QUALIFICATION_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  q: z.string().max(1_000).optional(),
  sort: z.enum(['occurrences', 'lastSeen']).default('occurrences'),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z.string().max(500).optional(),
});

const patchBody = z.strictObject({
  type: z.enum(FAILURE_TYPES).optional(),
  reason: z.enum(REASON_NAMES as [Reason, ...Reason[]]).optional(),
  status: z.enum(['keep', 'ignore']).optional(),
  resetOccurrences: z.literal(true).optional(),
});

const addressesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});

const idParam = z.object({ id: z.coerce.number().int().positive() });

export function registerQualificationRoutes(
  app: FastifyInstance,
  context: ApiContext,
  admin: RuleAdmin,
): void {
  app.get(
    '/api/qualifications',
    {
      schema: routeDoc({
        tags: ['qualifications'],
        summary: 'Error texts and their qualification',
        querystring: listQuery,
        responses: { 200: '`{items, nextCursor}`' },
      }),
    },
    async (request) => {
      const query = parseRequest(listQuery, request.query);
      const after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
      const page = await listQualifications(context.db, {
        sort: query.sort,
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(after ? { after } : {}),
      });
      return {
        items: page.rows.map(qualificationToJson),
        nextCursor: page.next ? encodeCursor(query.sort, page.next) : null,
      };
    },
  );

  app.get(
    '/api/qualifications/:id',
    {
      schema: routeDoc({
        tags: ['qualifications'],
        summary: 'One qualification row',
        params: idParam,
        responses: { 200: 'The row', 404: 'Unknown id' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParam, request.params);
      const row = await findQualification(context.db, id);
      if (!row) throw new AppError('API_NOT_FOUND', `no qualification ${id}`);
      return qualificationToJson(row);
    },
  );

  // The addresses a decision on the text re-decides: those with an event carrying it.
  app.get(
    '/api/qualifications/:id/addresses',
    {
      schema: routeDoc({
        tags: ['qualifications'],
        summary: 'The addresses a decision on the text re-decides',
        params: idParam,
        querystring: addressesQuery,
        responses: { 200: '`{total, domains, items}`', 404: 'no such qualification' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParam, request.params);
      const { limit } = parseRequest(addressesQuery, request.query);
      const row = await findQualification(context.db, id);
      if (!row) throw new AppError('API_NOT_FOUND', `no qualification ${id}`);
      const found = await listTextAddresses(context.db, row, limit);
      return {
        total: found.total,
        domains: found.domains,
        items: found.items.map((item) => ({
          ...item,
          updatedAt: item.updatedAt?.toISOString() ?? null,
          lastEventAt: item.lastEventAt.toISOString(),
        })),
      };
    },
  );

  app.patch(
    '/api/qualifications/:id',
    {
      schema: routeDoc({
        tags: ['qualifications'],
        summary: 'Qualify a text (staff decision) and re-qualify its events',
        params: idParam,
        body: patchBody,
        responses: { 200: '`{qualification, ruleId, requalified}`' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParam, request.params);
      const body = parseRequest(patchBody, request.body ?? {});
      const outcome = await patchQualification(admin, id, body, {
        actor: actorOf(request),
        now: context.now?.() ?? new Date(),
      });
      request.log.info({
        event: 'api.qualification.patched',
        id,
        ruleId: outcome.ruleId,
        ...outcome.requalified,
      });
      return {
        qualification: qualificationToJson(outcome.row),
        ruleId: outcome.ruleId ?? null,
        requalified: outcome.requalified ?? null,
      };
    },
  );
}

export function qualificationToJson(row: QualificationRow) {
  return {
    id: row.id,
    channel: row.channel,
    text: row.normalizedText,
    firstText: row.firstText,
    type: row.type,
    reason: row.reason,
    status: row.status,
    occurrences: row.occurrences,
    firstSeen: row.firstSeen.toISOString(),
    lastSeen: row.lastSeen.toISOString(),
    ruleId: row.ruleId,
    ruleSetVersion: row.ruleSetVersion,
    updatedBy: row.updatedBy,
  };
}

/** Opaque to callers: the sort it belongs to, the last value and id of the previous page. */
function encodeCursor(sort: string, next: { value: number | string; id: number }): string {
  return Buffer.from(JSON.stringify([sort, next.value, next.id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: string): { value: number | string; id: number } {
  try {
    const [cursorSort, value, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as [string, number | string, number];
    if (
      cursorSort === sort &&
      (typeof value === 'number' || typeof value === 'string') &&
      Number.isInteger(id)
    )
      return { value, id };
  } catch {
    // reported below
  }
  throw new AppError(
    'API_BAD_REQUEST',
    'cursor: not a cursor of this listing (sort must stay the same)',
  );
}
