/** Holds (outage bursts, unsigned bounces): list them, and apply or discard one (staff). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { actorOf, parseRequest } from '../request.js';
import {
  HOLD_KINDS,
  listHoldEvents,
  listHolds,
  type HoldKind,
  type OutageHoldRow,
} from '../../store/outage-hold-repository.js';
import { decideOutageHold } from '../../ledger/decide-outage-hold.js';
import { DEFAULT_OUTAGE_GUARD } from '../../quarantine/outage-guard.js';
import { routeDoc } from '../openapi/route-doc.js';

const listQuery = z.object({
  status: z.enum(['held', 'applied', 'discarded']).optional(),
  kind: z.enum(HOLD_KINDS as [HoldKind, ...HoldKind[]]).optional(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });
const eventsQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) });

function holdToJson(hold: OutageHoldRow) {
  return {
    id: hold.id,
    kind: hold.kind,
    channel: hold.channel,
    domain: hold.domain,
    text: hold.normalizedText,
    status: hold.status,
    heldEvents: hold.heldEvents,
    firstSeen: hold.firstSeen.toISOString(),
    lastSeen: hold.lastSeen.toISOString(),
    decidedBy: hold.decidedBy,
    decidedAt: hold.decidedAt?.toISOString() ?? null,
  };
}

export function registerHoldRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/api/holds',
    {
      schema: routeDoc({
        tags: ['holds'],
        summary: 'List holds',
        querystring: listQuery,
        responses: { 200: '`{items}`' },
      }),
    },
    async (request) => {
      const { status, kind } = parseRequest(listQuery, request.query);
      const filter = { ...(status ? { status } : {}), ...(kind ? { kind } : {}) };
      return { items: (await listHolds(context.db, filter)).map(holdToJson) };
    },
  );
  // What a hold keeps: which addresses, and the spooled message each came in (its raw bytes
  // are at /api/messages/:id/raw), so staff can tell forged bounces from real ones.
  app.get(
    '/api/holds/:id/events',
    {
      schema: routeDoc({
        tags: ['holds'],
        summary: "A hold's events, newest first",
        params: idParams,
        querystring: eventsQuery,
        responses: { 200: '`{items}`' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParams, request.params);
      const { limit } = parseRequest(eventsQuery, request.query);
      const events = await listHoldEvents(context.db, id, limit);
      return {
        items: events.map((e) => ({
          id: String(e.id),
          messageId: e.messageId,
          address: e.address,
          kind: e.kind,
          effect: e.effect,
          status: e.status,
          text: e.diagnostic,
          at: e.eventTime.toISOString(),
        })),
      };
    },
  );
  for (const decision of ['apply', 'discard'] as const) {
    const doc = routeDoc({
      tags: ['holds'],
      summary: `${decision === 'apply' ? 'Apply' : 'Discard'} a hold's events (staff decision)`,
      params: idParams,
      responses: { 200: '`{hold, events, changedAddresses}`', 409: 'Already decided' },
    });
    app.post(`/api/holds/:id/${decision}`, { schema: doc }, async (request) => {
      const { id } = parseRequest(idParams, request.params);
      const result = await decideOutageHold(context.db, id, decision, {
        actor: actorOf(request),
        now: context.now?.() ?? new Date(),
        policy: context.policy,
        guard: context.outageGuard ?? DEFAULT_OUTAGE_GUARD,
      });
      return {
        hold: holdToJson(result.hold),
        events: result.events,
        changedAddresses: result.changedAddresses,
      };
    });
  }
}
