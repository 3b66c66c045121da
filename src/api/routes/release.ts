/**
 * `POST /api/addresses/release`: bulk release by a query, with `dryRun: true` first
 * (→ `{matched, sample}`), then for real (→ `{released}`). Repairs an ISP outage in one call.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { ADDRESS_STATUSES, CHANNELS, REASON_NAMES, type Reason } from '../../core/vocabulary.js';
import { validateReleaseQuery, type ReleaseQuery } from '../../quarantine/index.js';
import { applyRelease, previewRelease } from '../../ledger/bulk-release.js';
import { AppError } from '../../errors.js';
import { actorOf, isoDate, listParam, parseRequest } from '../request.js';
import { addressToJson } from './addresses.js';
import { staffOf } from './address-edit.js';
import { routeDoc } from '../openapi/route-doc.js';

const releaseBody = z.object({
  errorTextContains: z.string().optional(),
  domains: listParam.optional(),
  updatedFrom: isoDate.optional(),
  updatedTo: isoDate.optional(),
  statuses: z.array(z.enum(ADDRESS_STATUSES)).optional(),
  reasons: z.array(z.enum(REASON_NAMES as [Reason, ...Reason[]])).optional(),
  channel: z.enum(CHANNELS).optional(),
  all: z.boolean().optional(),
  dryRun: z.boolean().default(false),
  sampleSize: z.number().int().min(0).max(1_000).default(20),
});

/** A release query from parsed fields, checked by the pure policy's validator. */
export function checkedReleaseQuery(fields: ReleaseQuery) {
  const validation = validateReleaseQuery(fields);
  if (!validation.ok) {
    throw new AppError('API_BAD_REQUEST', validation.problems.join('; '), {
      details: { problems: validation.problems },
    });
  }
  return validation.query;
}

export function registerReleaseRoutes(app: FastifyInstance, context: ApiContext): void {
  app.post(
    '/api/addresses/release',
    {
      schema: routeDoc({
        tags: ['addresses'],
        summary: 'Release quarantined entries by filter (dry run first)',
        body: releaseBody,
        responses: { 200: '`{matched, sample}` (dry run) or `{released}`' },
      }),
    },
    async (request) => {
      const { dryRun, sampleSize, ...fields } = parseRequest(releaseBody, request.body ?? {});
      const query = checkedReleaseQuery(withoutUndefined(fields));
      if (dryRun) {
        const preview = await previewRelease(context.db, query, sampleSize);
        return {
          dryRun: true,
          matched: preview.matched,
          sample: preview.sample.map(addressToJson),
        };
      }
      const actor = actorOf(request);
      const result = await applyRelease(context.db, query, staffOf(context, actor));
      request.log.info({ event: 'api.release.applied', actor, released: result.released });
      return { dryRun: false, released: result.released };
    },
  );
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
