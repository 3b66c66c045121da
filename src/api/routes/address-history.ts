/** `GET /api/addresses/:address/history?channel=`: every status change and every event. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { normalizeAddress } from '../../core/address.js';
import { listAddressEvents, listAddressHistory } from '../../store/event-repository.js';
import { actorOfManualRow } from '../../ledger/manual-event-row.js';
import { parseRequest } from '../request.js';
import { channelQuery } from './addresses.js';
import { routeDoc } from '../openapi/route-doc.js';
import { addressParams } from './addresses.js';

/** Events listed per address: enough for years of one address's bounces. */
const MAX_EVENTS = 1_000;

export function registerAddressHistoryRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get<{ Params: { address: string }; Querystring: Record<string, string> }>(
    '/api/addresses/:address/history',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: "An address's status changes and events",
        params: addressParams,
        querystring: channelQuery,
        responses: { 200: '`{history, events}`' },
      }),
    },
    async (request) => {
      const { channel } = parseRequest(channelQuery, request.query);
      const address = normalizeAddress(channel, request.params.address, context.emailNormalization);
      const history = await listAddressHistory(context.db, channel, address);
      const events = await listAddressEvents(context.db, channel, address, MAX_EVENTS);
      return {
        address,
        channel,
        history: history.map((h) => ({
          at: h.at.toISOString(),
          fromStatus: h.fromStatus,
          toStatus: h.toStatus,
          reason: h.reason,
          cause: h.cause,
          actor: h.actor,
          eventId: h.eventId !== null ? String(h.eventId) : null,
        })),
        events: events.map((e) => ({
          id: String(e.id),
          at: e.eventTime.toISOString(),
          kind: e.kind,
          effect: e.effect,
          type: e.failureType,
          reason: e.reason,
          status: e.status,
          category: e.category,
          text: e.diagnostic,
          deliveryId: e.deliveryId,
          profileId: e.profileId,
          externalId: e.externalId,
          ...(e.kind === 'manual' ? { actor: actorOfManualRow(e) } : {}),
        })),
      };
    },
  );
}
