/**
 * The export: address entries as CSV (a header line, RFC 4180 quoting) or JSONL (one entry
 * object a line), in the shape of the API's address entry, so the file imports back as is.
 * Yields one string per page of rows; the caller streams it out with back-pressure.
 */
import type { Database } from '../store/database.js';
import type { AddressListFilter } from '../store/address-query-repository.js';
import { iterateAddressPages } from '../store/address-export-repository.js';
import { addressToJson } from '../quarantine/address-entry.js';

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
  pageSize?: number,
): AsyncGenerator<string> {
  if (format === 'csv') yield COLUMNS.join(',') + '\n';
  for await (const page of iterateAddressPages(db, filter, pageSize)) {
    let text = '';
    for (const record of page) {
      const entry = addressToJson(record);
      text +=
        format === 'jsonl'
          ? JSON.stringify(entry) + '\n'
          : COLUMNS.map((column) => csvField(entry[column])).join(',') + '\n';
    }
    yield text;
  }
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
