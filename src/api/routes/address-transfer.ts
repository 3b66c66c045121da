/**
 * The suppression list in and out in bulk: `GET /api/addresses/export?format=csv|jsonl`
 * streams every entry matching the list's filters (status, channel, domain) page by page, and
 * `POST /api/addresses/import?dryRun=&format=&kind=` reads a CSV, JSONL or JSON body as it
 * arrives (no body limit: memory holds one chunk of rows) and answers the import report.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { ADDRESS_STATUSES, CHANNELS } from '../../core/vocabulary.js';
import { exportSuppressions, EXPORT_FORMATS } from '../../suppressions/export-suppressions.js';
import { importSuppressions } from '../../suppressions/import-suppressions.js';
import { FORMAT_NAMES, IMPORT_KINDS } from '../../suppressions/formats/types.js';
import { isAppError } from '../../errors.js';
import { actorOf, parseRequest } from '../request.js';
import { staffOf } from './address-edit.js';
import { routeDoc } from '../openapi/route-doc.js';

const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).default('csv'),
  status: z.enum(ADDRESS_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  domain: z.string().min(1).optional(),
});

const importQuery = z.object({
  dryRun: z.enum(['true', 'false', '1', '0']).default('false'),
  format: z.enum(FORMAT_NAMES).optional(),
  kind: z.enum(IMPORT_KINDS).optional(),
  syntax: z.enum(['csv', 'jsonl', 'json']).optional(),
});

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' };

export function registerAddressTransferRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get<{ Querystring: Record<string, string> }>(
    '/api/addresses/export',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: 'Export the list, streamed (CSV or JSON lines)',
        querystring: exportQuery,
        responses: { 200: 'The entries, one a line' },
      }),
    },
    async (request, reply) => {
      const query = parseRequest(exportQuery, request.query);
      const lines = exportSuppressions(
        context.db,
        {
          ...(query.status ? { status: query.status } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
          ...(query.domain ? { domain: query.domain } : {}),
        },
        query.format,
      );
      return reply
        .header('content-type', CONTENT_TYPES[query.format])
        .header('content-disposition', `attachment; filename="rebound-addresses.${query.format}"`)
        .send(Readable.from(lines));
    },
  );

  // Its own scope: every body reaches the route as the raw stream, whatever its type.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post<{ Querystring: Record<string, string> }>(
      '/api/addresses/import',
      {
        schema: routeDoc({
          tags: ['addresses'],
          summary: 'Import a suppression list (CSV, JSON lines or JSON; dry run first)',
          querystring: importQuery,
          body: { description: 'The file, any content type, streamed' },
          responses: { 200: 'The import report' },
        }),
      },
      async (request, reply) => {
        const query = parseRequest(importQuery, request.query);
        const body = request.body as NodeJS.ReadableStream | undefined;
        const stream = body ?? Readable.from([]);
        stream.setEncoding('utf8');
        try {
          return await importSuppressions(
            context.db,
            stream as AsyncIterable<string>,
            staffOf(context, actorOf(request)),
            {
              dryRun: query.dryRun === 'true' || query.dryRun === '1',
              emailNormalization: context.emailNormalization,
              ...(query.format ? { format: query.format } : {}),
              ...(query.kind ? { kind: query.kind } : {}),
              ...(query.syntax ? { syntax: query.syntax } : {}),
            },
          );
        } catch (error) {
          // A file that cannot be read at all is the caller's fault (README: 400).
          if (isAppError(error) && error.code.startsWith('IMPORT_')) {
            return reply.code(400).send({ error: error.code, message: error.message });
          }
          throw error;
        }
      },
    );
  });
}
