/**
 * The spool for staff: list messages by state (what could not be parsed, what failed), read
 * one's raw bytes, and send an unparseable or failed one through the worker again.
 */
import type { FastifyInstance } from 'fastify';
import { isEspProvider } from '../../parse/esp/index.js';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { parseRequest } from '../request.js';
import { AppError } from '../../errors.js';
import {
  listSpooledMessages,
  resetForRetry,
  type SpoolListing,
} from '../../store/spool-query-repository.js';
import { loadSpooledMessage } from '../../store/spool-repository.js';
import { routeDoc } from '../openapi/route-doc.js';

const listQuery = z.object({
  state: z.enum(['received', 'processed', 'unparseable', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z.coerce.number().int().positive().optional(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });

function messageToJson(message: SpoolListing) {
  return {
    ...message,
    receivedAt: message.receivedAt.toISOString(),
    processedAt: message.processedAt?.toISOString() ?? null,
  };
}

export function registerMessageRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/api/messages',
    {
      schema: routeDoc({
        tags: ['messages'],
        summary: 'The spool, newest first',
        querystring: listQuery,
        responses: { 200: '`{items, nextCursor}`' },
      }),
    },
    async (request) => {
      const query = parseRequest(listQuery, request.query);
      const items = await listSpooledMessages(context.db, {
        limit: query.limit,
        ...(query.state ? { state: query.state } : {}),
        ...(query.cursor ? { before: query.cursor } : {}),
      });
      const last = items[items.length - 1];
      return {
        items: items.map(messageToJson),
        nextCursor: items.length === query.limit && last ? String(last.id) : null,
      };
    },
  );

  app.get(
    '/api/messages/:id/raw',
    {
      schema: routeDoc({
        tags: ['messages'],
        summary: 'A message as received',
        params: idParams,
        responses: {
          200: '`message/rfc822` (JSON for HTTP intake)',
          404: 'Unknown, or its bytes were purged',
        },
      }),
    },
    async (request, reply) => {
      const { id } = parseRequest(idParams, request.params);
      const message = await loadSpooledMessage(context.db, id);
      if (!message) throw new AppError('API_NOT_FOUND', `no message ${id}`);
      if (message.raw.length === 0)
        throw new AppError(
          'API_NOT_FOUND',
          `message ${id}: raw bytes purged (SPOOL_RETENTION_DAYS)`,
        );
      return reply
        .type(
          message.source === 'http' || isEspProvider(message.source)
            ? 'application/json'
            : 'message/rfc822',
        )
        .send(message.raw);
    },
  );

  app.post(
    '/api/messages/:id/retry',
    {
      schema: routeDoc({
        tags: ['messages'],
        summary: 'Run an unparseable or failed message through the worker again',
        params: idParams,
        responses: { 200: 'Queued again', 409: 'Not unparseable or failed' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParams, request.params);
      const outcome = await resetForRetry(context.db, id);
      if (outcome === 'missing') throw new AppError('API_NOT_FOUND', `no message ${id}`);
      if (outcome === 'not-retryable')
        throw new AppError('API_CONFLICT', `message ${id} is not unparseable or failed`);
      if (!context.requeue) throw new AppError('API_CONFLICT', 'no queue in this process');
      await context.requeue(id);
      return { id, state: 'received' };
    },
  );
}
