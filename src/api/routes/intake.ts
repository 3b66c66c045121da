/**
 * HTTP intake for the other channels: SMS status reports, inbound SMS (STOP) and push
 * feedback. Like SMTP, a request is answered only once its payload is stored in the spool and
 * queued (202 with the spool id); the worker qualifies it. The same body twice is stored once.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import {
  HTTP_INTAKE_LIMIT,
  httpIntakeRecipient,
  inboundSmsSchema,
  pushFeedbackSchema,
  smsStatusReportSchema,
  type HttpIntakePayload,
} from '../../intake/http/http-intake-payload.js';
import { describeError } from '../../errors.js';
import { routeDoc } from '../openapi/route-doc.js';

const ROUTES = [
  {
    path: '/api/intake/sms/status-reports',
    type: 'sms-status-reports',
    field: 'reports',
    item: smsStatusReportSchema,
  },
  {
    path: '/api/intake/sms/inbound',
    type: 'sms-inbound',
    field: 'messages',
    item: inboundSmsSchema,
  },
  {
    path: '/api/intake/push/feedback',
    type: 'push-feedback',
    field: 'events',
    item: pushFeedbackSchema,
  },
] as const;

export function registerIntakeRoutes(app: FastifyInstance, context: ApiContext): void {
  const accept = context.acceptMessage;
  if (!accept) return;
  for (const route of ROUTES) {
    const body = z.strictObject({
      [route.field]: z.array(route.item).min(1).max(HTTP_INTAKE_LIMIT),
    });
    const doc = routeDoc({
      tags: ['intake'],
      summary: `HTTP intake: ${route.type} (stored and queued like a message)`,
      body,
      responses: { 202: '`{spoolId, duplicate, items}`' },
    });
    app.post(route.path, { schema: doc }, async (request, reply) => {
      const parsed = body.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') || route.field;
        return reply
          .code(400)
          .send({ error: 'API_BAD_REQUEST', message: `${where}: ${issue?.message ?? 'invalid'}` });
      }
      const payload = {
        type: route.type,
        items: (parsed.data as Record<string, unknown>)[route.field],
      } as HttpIntakePayload;
      try {
        const stored = await accept({
          source: 'http',
          envelope: { mailFrom: '', rcptTo: [httpIntakeRecipient(route.type)], remote: request.ip },
          client: { remoteIp: request.ip },
          raw: Buffer.from(JSON.stringify(payload)),
          receivedAt: context.now?.() ?? new Date(),
        });
        return reply.code(202).send({
          spoolId: stored.spoolId,
          duplicate: stored.duplicate,
          items: payload.items.length,
        });
      } catch (error) {
        // Not stored: the caller must retry, as an MTA does on 451.
        return reply
          .code(503)
          .send({ error: 'INTAKE_STORE_FAILED', message: describeError(error) });
      }
    });
  }
}
