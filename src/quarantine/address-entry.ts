/** The JSON shape of one address entry (README "Address entries"): the API's and the export's. */
import type { AddressRecord } from './types.js';

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
    statusSince: record.statusSince?.toISOString() ?? null,
  };
}
