/**
 * The profile-level denylist, for staff: see a profile's opt-outs, add one (a request made by
 * phone or in person), or remove one when the person subscribes again. Audited.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { actorOf, parseRequest } from '../request.js';
import { AppError } from '../../errors.js';
import { CHANNELS } from '../../core/vocabulary.js';
import {
  deleteProfileDenylistEntry,
  insertProfileDenylistEntry,
  listProfileDenylistEntries,
} from '../../store/profile-denylist-repository.js';
import { insertChangeAudit } from '../../store/change-audit-repository.js';
import { withTransaction } from '../../store/database.js';
import { routeDoc } from '../openapi/route-doc.js';

const params = z.object({ profileId: z.string().min(1).max(200) });
const entryBody = z.strictObject({
  channel: z.enum(CHANNELS),
  /** Empty or absent: the whole channel. */
  service: z.string().max(200).optional(),
});

export function registerProfileRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get(
    '/api/profiles/:profileId/denylist',
    {
      schema: routeDoc({
        tags: ['profiles'],
        summary: "A profile's opt-outs",
        params,
        responses: { 200: '`{profileId, entries}`' },
      }),
    },
    async (request) => {
      const { profileId } = parseRequest(params, request.params);
      const entries = await listProfileDenylistEntries(context.db, [profileId]);
      return {
        profileId,
        entries: entries.map((e) => ({ ...e, at: e.at?.toISOString() ?? null })),
      };
    },
  );

  app.post(
    '/api/profiles/:profileId/denylist',
    {
      schema: routeDoc({
        tags: ['profiles'],
        summary: 'Add an opt-out',
        params,
        body: entryBody,
        responses: { 200: 'It was there already', 201: 'Added' },
      }),
    },
    async (request, reply) => {
      const { profileId } = parseRequest(params, request.params);
      const body = parseRequest(entryBody, request.body);
      const actor = actorOf(request);
      const at = context.now?.() ?? new Date();
      const created = await withTransaction(context.db, async (tx) => {
        const written = await insertProfileDenylistEntry(tx, {
          profileId,
          channel: body.channel,
          ...(body.service ? { service: body.service } : {}),
          at,
          cause: 'manual',
          actor,
        });
        if (written) {
          await insertChangeAudit(tx, {
            entity: 'profile_denylist',
            entityId: profileId,
            action: 'create',
            actor,
            after: body,
            at,
          });
        }
        return written;
      });
      return reply.code(created ? 201 : 200).send({ profileId, ...body, created });
    },
  );

  app.delete(
    '/api/profiles/:profileId/denylist',
    {
      schema: routeDoc({
        tags: ['profiles'],
        summary: 'Remove an opt-out (subscribed again)',
        params,
        querystring: entryBody,
        responses: { 200: 'Removed', 404: 'Not there' },
      }),
    },
    async (request) => {
      const { profileId } = parseRequest(params, request.params);
      const body = parseRequest(entryBody, request.query);
      const actor = actorOf(request);
      const at = context.now?.() ?? new Date();
      const deleted = await withTransaction(context.db, async (tx) => {
        const removed = await deleteProfileDenylistEntry(tx, {
          profileId,
          channel: body.channel,
          ...(body.service ? { service: body.service } : {}),
        });
        if (removed) {
          await insertChangeAudit(tx, {
            entity: 'profile_denylist',
            entityId: profileId,
            action: 'delete',
            actor,
            before: body,
            at,
          });
        }
        return removed;
      });
      if (!deleted)
        throw new AppError('API_NOT_FOUND', `profile ${profileId} has no such denylist entry`);
      return { profileId, ...body, deleted };
    },
  );
}
