/** Holds (outage bursts, unsigned bounces): list them, and apply or discard one (staff). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { actorOf, parseRequest } from '../request.js';
import {
  HOLD_KINDS,
  listHolds,
  type HoldKind,
  type OutageHoldRow,
} from '../../store/outage-hold-repository.js';
import { decideOutageHold } from '../../maintenance/decide-outage-hold.js';
import { DEFAULT_OUTAGE_GUARD } from '../../quarantine/outage-guard.js';

const listQuery = z.object({
  status: z.enum(['held', 'applied', 'discarded']).optional(),
  kind: z.enum(HOLD_KINDS as [HoldKind, ...HoldKind[]]).optional(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });

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
  app.get('/api/holds', async (request) => {
    const { status, kind } = parseRequest(listQuery, request.query);
    const filter = { ...(status ? { status } : {}), ...(kind ? { kind } : {}) };
    return { items: (await listHolds(context.db, filter)).map(holdToJson) };
  });
  for (const decision of ['apply', 'discard'] as const) {
    app.post(`/api/holds/:id/${decision}`, async (request) => {
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
