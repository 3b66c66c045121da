/**
 * The export: address entries as CSV (a header line, RFC 4180 quoting) or JSONL (one entry
 * object a line), in the shape of the API's address entry, so the file imports back as is.
 * Yields one string per page of rows; the caller streams it out with back-pressure. The
 * `onRows` callback counts entries (a CSV line count is wrong when a text holds a newline).
 */
import type { Database } from '../store/database.js';
import type { AddressListFilter } from '../store/address-query-repository.js';
import {
  iterateAddressExportPages,
  type AddressExportRow,
} from '../store/address-export-repository.js';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const COLUMNS = [
  'address',
  'channel',
  'status',
  'type',
  'reason',
  'errorCount',
  'errorText',
  'firstErrorAt',
  'lastErrorAt',
  'lastDeliveryId',
  'updatedAt',
  'statusSince',
] as const;

export async function* exportSuppressions(
  db: Database,
  filter: AddressListFilter,
  format: ExportFormat,
  options: { pageSize?: number; onRows?(count: number): void } = {},
): AsyncGenerator<string> {
  if (format === 'csv') yield COLUMNS.join(',') + '\n';
  for await (const page of iterateAddressExportPages(db, filter, options.pageSize)) {
    let text = '';
    for (const row of page) {
      const entry = exportEntry(row);
      text +=
        format === 'jsonl'
          ? JSON.stringify(entry) + '\n'
          : COLUMNS.map((column) => csvField(entry[column])).join(',') + '\n';
    }
    options.onRows?.(page.length);
    yield text;
  }
}

/** The API's address entry (quarantine/address-entry.ts), key for key and in its order. */
function exportEntry(row: AddressExportRow) {
  return {
    address: row.address,
    channel: row.channel,
    status: row.status,
    type: row.type,
    reason: row.reason,
    errorCount: Number(row.errorCount),
    errorText: row.errorText,
    firstErrorAt: row.firstErrorAt,
    lastErrorAt: row.lastErrorAt,
    lastDeliveryId: row.lastDeliveryId,
    updatedAt: row.updatedAt,
    statusSince: row.statusSince,
  };
}

/** One RFC 4180 field: quoted when it holds a quote, comma or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
