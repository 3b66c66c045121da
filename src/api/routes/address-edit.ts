/**
 * Staff edits of one entry: `PUT /api/addresses/:address?channel=` creates or edits it,
 * `DELETE` removes it. Audited (address_history, change_audit) with the caller (`actorOf`).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { ADDRESS_STATUSES, REASON_NAMES, type Reason } from '../../core/vocabulary.js';
import { normalizeAddress } from '../../core/address.js';
import { editAddress, removeAddress } from '../../ledger/edit-address.js';
import { AppError } from '../../errors.js';
import { actorOf, isoDate, parseRequest } from '../request.js';
import { addressToJson, channelQuery } from './addresses.js';
import { routeDoc } from '../openapi/route-doc.js';
import { addressParams } from './addresses.js';

const editBody = z.object({
  status: z.enum(ADDRESS_STATUSES),
  reason: z.enum(REASON_NAMES as [Reason, ...Reason[]]).optional(),
  errorText: z.string().max(10_000).optional(),
  errorCount: z.number().int().min(0).optional(),
  lastErrorAt: isoDate.optional(),
  lastDeliveryId: z.string().max(200).optional(),
});

export function registerAddressEditRoutes(app: FastifyInstance, context: ApiContext): void {
  app.put<{ Params: { address: string }; Querystring: Record<string, string> }>(
    '/api/addresses/:address',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: 'Create or change an entry (staff edit, audited)',
        params: addressParams,
        querystring: channelQuery,
        body: editBody,
        responses: { 200: 'The entry', 201: 'The entry, created' },
      }),
    },
    async (request, reply) => {
      const { channel } = parseRequest(channelQuery, request.query);
      const body = parseRequest(editBody, request.body ?? {});
      const address = normalizeAddress(channel, request.params.address, context.emailNormalization);
      if (address === '') throw new AppError('API_BAD_REQUEST', 'empty address');
      const outcome = await editAddress(
        context.db,
        {
          channel,
          address,
          status: body.status,
          ...(body.reason ? { reason: body.reason } : {}),
          ...(body.errorText !== undefined ? { errorText: body.errorText } : {}),
          ...(body.errorCount !== undefined ? { errorCount: body.errorCount } : {}),
          ...(body.lastErrorAt ? { lastErrorAt: body.lastErrorAt } : {}),
          ...(body.lastDeliveryId !== undefined ? { lastDeliveryId: body.lastDeliveryId } : {}),
        },
        staffOf(context, actorOf(request)),
      );
      return reply.code(outcome.created ? 201 : 200).send(addressToJson(outcome.after));
    },
  );

  app.delete<{ Params: { address: string }; Querystring: Record<string, string> }>(
    '/api/addresses/:address',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: 'Delete an entry (audited)',
        params: addressParams,
        querystring: channelQuery,
        responses: { 200: '`{deleted, entry}`', 404: 'Unknown address' },
      }),
    },
    async (request) => {
      const { channel } = parseRequest(channelQuery, request.query);
      const address = normalizeAddress(channel, request.params.address, context.emailNormalization);
      const removed = await removeAddress(
        context.db,
        { channel, address },
        staffOf(context, actorOf(request)),
      );
      if (!removed) throw new AppError('API_NOT_FOUND', `no entry for ${channel} ${address}`);
      return { deleted: true, entry: addressToJson(removed) };
    },
  );
}

export function staffOf(context: ApiContext, actor: string) {
  return { actor, now: context.now?.() ?? new Date(), policy: context.policy };
}
