/**
 * `POST /api/events`: delivered / failed / sync-error events from the sending system, up to
 * 10,000 per call. `id` is the caller's idempotency key: a repeated id does nothing.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { CHANNELS, FAILURE_TYPES, REASON_NAMES, type Reason } from '../../core/vocabulary.js';
import { emailDomain, normalizeAddress } from '../../core/address.js';
import { recordSenderEvents } from '../../ledger/record-sender-events.js';
import type { SenderEvent } from '../../ledger/plan-sender-event.js';
import { isoDate, parseRequest } from '../request.js';
import { routeDoc } from '../openapi/route-doc.js';

export const MAX_SENDER_EVENTS = 10_000;

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  channel: z.enum(CHANNELS).default('email'),
  address: z.string().min(1).max(1_000),
  kind: z.enum(['delivered', 'failed', 'sync-error']),
  at: isoDate,
  type: z.enum(FAILURE_TYPES).optional(),
  reason: z.enum(REASON_NAMES as [Reason, ...Reason[]]).optional(),
  text: z.string().max(10_000).optional(),
  deliveryId: z.string().max(200).optional(),
  profileId: z.string().max(200).optional(),
});

const eventsBody = z.object({ events: z.array(eventSchema).min(1).max(MAX_SENDER_EVENTS) });

export function registerEventRoutes(app: FastifyInstance, context: ApiContext): void {
  app.post(
    '/api/events',
    {
      schema: routeDoc({
        tags: ['events'],
        summary: "The sending system's own outcomes (idempotent by id)",
        body: eventsBody,
        responses: { 200: '`{received, duplicates, applied, ignored, changedAddresses}`' },
      }),
    },
    async (request) => {
      const { events } = parseRequest(eventsBody, request.body);
      const normalized: SenderEvent[] = events.map(
        ({ type, reason, text, deliveryId, profileId, ...event }) => ({
          ...event,
          address: normalizeAddress(event.channel, event.address, context.emailNormalization),
          ...(type ? { type } : {}),
          ...(reason ? { reason } : {}),
          ...(text !== undefined ? { text } : {}),
          ...(deliveryId ? { deliveryId } : {}),
          ...(profileId ? { profileId } : {}),
        }),
      );
      const outcome = await recordSenderEvents(context.db, normalized, {
        qualify: context.qualify,
        policy: context.policy,
      });
      request.log.info({ event: 'api.events.recorded', ...outcome });
      await context.domainHealth?.check(
        normalized.filter((e) => e.channel === 'email').map((e) => emailDomain(e.address)),
      );
      return outcome;
    },
  );
}
