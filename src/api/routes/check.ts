/**
 * `POST /api/check`: which of up to 100,000 recipients must not be targeted. Answers only the
 * excluded ones; an address never seen is Valid.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { CHANNELS } from '../../core/vocabulary.js';
import { normalizeAddress } from '../../core/address.js';
import { checkExclusions, type CheckRecipient } from '../../ledger/check-exclusions.js';
import { parseRequest } from '../request.js';
import { routeDoc } from '../openapi/route-doc.js';

export const MAX_CHECK_RECIPIENTS = 100_000;

const checkBody = z.object({
  recipients: z
    .array(
      z.object({
        channel: z.enum(CHANNELS).default('email'),
        address: z.string().min(1).max(1_000),
        profileId: z.string().max(200).optional(),
        service: z.string().max(200).optional(),
      }),
    )
    .max(MAX_CHECK_RECIPIENTS),
});

export function registerCheckRoutes(app: FastifyInstance, context: ApiContext): void {
  app.post(
    '/api/check',
    {
      schema: routeDoc({
        tags: ['check'],
        summary: 'Which recipients are excluded from sending',
        body: checkBody,
        responses: { 200: '`{excluded, checked}`' },
      }),
    },
    async (request) => {
      const { recipients } = parseRequest(checkBody, request.body);
      // Answered normalized: the same function runs on write, so case never hides an exclusion.
      const normalized: CheckRecipient[] = recipients.map((r) => ({
        ...r,
        address: normalizeAddress(r.channel, r.address, context.emailNormalization),
      }));
      return checkExclusions(context.db, normalized, context.now?.() ?? new Date());
    },
  );
}
