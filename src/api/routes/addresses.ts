/**
 * Reading the quarantine list: one entry, and the paged list with filters
 * (`GET /api/addresses?status=&channel=&domain=&q=&reason=&since=&until=&limit=&cursor=`).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { ADDRESS_STATUSES, CHANNELS, REASON_NAMES, type Reason } from '../../core/vocabulary.js';
import { normalizeAddress } from '../../core/address.js';
import { findAddress } from '../../store/address-repository.js';
import { listAddressPage } from '../../store/address-query-repository.js';
import { AppError } from '../../errors.js';
import { parseRequest } from '../request.js';
import { addressToJson } from '../../quarantine/address-entry.js';
import { routeDoc } from '../openapi/route-doc.js';

export const channelQuery = z.object({ channel: z.enum(CHANNELS).default('email') });
/** The path's address, normalized by the handler for its channel. */
export const addressParams = z.object({ address: z.string().min(1) });

const listQuery = z.object({
  status: z.enum(ADDRESS_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  domain: z.string().min(1).optional(),
  q: z.string().min(1).optional(),
  // Comma-separated reasons, exact match.
  reason: z
    .string()
    .min(1)
    .transform((v) => v.split(',').filter((r) => r.length > 0))
    .pipe(z.array(z.enum(REASON_NAMES as [Reason, ...Reason[]])))
    .optional(),
  // ISO 8601 window on the entry's updated_at.
  since: z.string().datetime({ offset: true }).optional(),
  until: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z.coerce.number().int().min(0).optional(),
});

/** The JSON shape of one address entry (README.md); its one home is quarantine/address-entry. */
export { addressToJson };

export function registerAddressRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get<{ Querystring: Record<string, string> }>(
    '/api/addresses',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: 'List address entries',
        querystring: listQuery,
        responses: { 200: '`{items, nextCursor}`' },
      }),
    },
    async (request) => {
      const query = parseRequest(listQuery, request.query);
      const page = await listAddressPage(
        context.db,
        {
          ...(query.status ? { status: query.status } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
          ...(query.domain ? { domain: query.domain } : {}),
          ...(query.q ? { q: query.q } : {}),
          ...(query.reason?.length ? { reasons: query.reason } : {}),
          ...(query.since ? { updatedFrom: new Date(query.since) } : {}),
          ...(query.until ? { updatedTo: new Date(query.until) } : {}),
        },
        { limit: query.limit, ...(query.cursor !== undefined ? { after: query.cursor } : {}) },
      );
      return {
        items: page.items.map(addressToJson),
        nextCursor: page.nextCursor !== undefined ? String(page.nextCursor) : null,
      };
    },
  );

  app.get<{ Params: { address: string }; Querystring: Record<string, string> }>(
    '/api/addresses/:address',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: 'Read one address entry',
        params: addressParams,
        querystring: channelQuery,
        responses: { 200: 'The entry', 404: 'Unknown address' },
      }),
    },
    async (request) => {
      const { channel } = parseRequest(channelQuery, request.query);
      const address = normalizeAddress(channel, request.params.address, context.emailNormalization);
      const record = await findAddress(context.db, channel, address);
      if (!record) throw new AppError('API_NOT_FOUND', `no entry for ${channel} ${address}`);
      return addressToJson(record);
    },
  );
}
