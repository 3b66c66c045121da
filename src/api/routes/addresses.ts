import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { CHANNELS } from '../../core/vocabulary.js';
import { normalizeAddress } from '../../core/address.js';
import { findAddress } from '../../store/address-repository.js';
import type { AddressRecord } from '../../quarantine/types.js';

const channelQuery = z.object({ channel: z.enum(CHANNELS).default('email') });

/** The JSON shape of one address entry (documented in README.md). */
export function addressToJson(record: AddressRecord) {
  return {
    address: record.address,
    channel: record.channel,
    status: record.status,
    type: record.type ?? null,
    reason: record.reason ?? null,
    errorCount: record.errorCount,
    errorText: record.errorText ?? null,
    firstErrorAt: record.firstErrorAt?.toISOString() ?? null,
    lastErrorAt: record.lastErrorAt?.toISOString() ?? null,
    lastDeliveryId: record.lastDeliveryId ?? null,
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function registerAddressRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get<{ Params: { address: string }; Querystring: Record<string, string> }>(
    '/api/addresses/:address',
    async (request, reply) => {
      const query = channelQuery.safeParse(request.query);
      if (!query.success) {
        return reply.code(400).send({ error: 'API_BAD_REQUEST', message: 'channel must be one of email, sms, push' });
      }
      const { channel } = query.data;
      const address = normalizeAddress(channel, request.params.address, context.emailNormalization);
      const record = await findAddress(context.db, channel, address);
      if (!record) return reply.code(404).send({ error: 'API_NOT_FOUND', message: `no entry for ${channel} ${address}` });
      return addressToJson(record);
    },
  );
}
