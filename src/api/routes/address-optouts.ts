/**
 * An address's own opt-outs (mailto unsubscribe without a profile id, one-click), for staff:
 * `GET /api/addresses/:address/optouts` lists them, `DELETE` removes one when the person
 * subscribes again (audited).
 */
import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { CHANNELS } from '../../core/vocabulary.js';
import { normalizeAddress } from '../../core/address.js';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/database.js';
import { deleteAddressOptOut, findAddressOptOuts } from '../../store/opt-out-repository.js';
import { addressEntityId, insertChangeAudit } from '../../store/change-audit-repository.js';
import { actorOf, parseRequest } from '../request.js';

const params = z.object({ address: z.string().min(1).max(1_000) });
const query = z.object({
  channel: z.enum(CHANNELS).default('email'),
  /** Absent or empty: the channel-wide opt-out. */
  service: z.string().max(255).optional(),
});

export function registerAddressOptOutRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/api/addresses/:address/optouts',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: "An address's opt-outs",
        params,
        querystring: query,
        responses: { 200: '`{items}`' },
      }),
    },
    async (request) => {
      const { channel } = parseRequest(query, request.query);
      const raw = parseRequest(params, request.params).address;
      const address = normalizeAddress(channel, raw, context.emailNormalization);
      const entries = await findAddressOptOuts(context.db, [{ channel, address }]);
      return {
        address,
        channel,
        entries: entries.map(({ address: _a, channel: _c, at, ...entry }) => ({
          ...entry,
          at: at.toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/api/addresses/:address/optouts',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: "Remove an address's opt-out",
        params,
        querystring: query,
        responses: { 200: '`{deleted}`' },
      }),
    },
    async (request) => {
      const { channel, service } = parseRequest(query, request.query);
      const raw = parseRequest(params, request.params).address;
      const address = normalizeAddress(channel, raw, context.emailNormalization);
      const actor = actorOf(request);
      const removed = await context.db.transaction(async (txn) => {
        const tx = txn as unknown as Database;
        const before = await deleteAddressOptOut(tx, {
          address,
          channel,
          ...(service ? { service } : {}),
        });
        if (before) {
          await insertChangeAudit(tx, {
            entity: 'address_optout',
            entityId: addressEntityId(channel, address),
            action: 'delete',
            actor,
            before: { service: before.service ?? null, source: before.source },
            at: context.now?.() ?? new Date(),
          });
        }
        return before;
      });
      if (!removed) throw new AppError('API_NOT_FOUND', `${address} has no such opt-out`);
      return { address, channel, service: removed.service ?? null, deleted: true };
    },
  );
}
