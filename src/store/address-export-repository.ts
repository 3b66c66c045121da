/**
 * The whole quarantine list, a page at a time, for the export: keyset pagination on `id`
 * (each page as cheap at row 1,000,000 as at row 0), so memory holds one page whatever the
 * list's size, on PostgreSQL and PGlite alike. The next page is read while the caller writes
 * the current one out. Rows come back raw, times already as ISO 8601 text from Postgres:
 * drizzle's row mapping and a Date per time column were most of an export's CPU.
 */
import { and, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';
import { addressListConditions, type AddressListFilter } from './address-query-repository.js';

/** One entry as exported; times are ISO 8601 UTC with milliseconds (as `toISOString`). */
export interface AddressExportRow {
  id: number;
  address: string;
  channel: string;
  status: string;
  type: string | null;
  reason: string | null;
  errorCount: number;
  errorText: string | null;
  firstErrorAt: string | null;
  lastErrorAt: string | null;
  lastDeliveryId: string | null;
  updatedAt: string;
  statusSince: string | null;
}

const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export async function* iterateAddressExportPages(
  db: Database,
  filter: AddressListFilter,
  pageSize = 5_000,
): AsyncGenerator<AddressExportRow[]> {
  const conditions = addressListConditions(filter);
  const page = (after: number | undefined) =>
    selectExportPage(
      db,
      after === undefined ? conditions : [...conditions, sql`id > ${after}`],
      pageSize,
    );
  let next = page(undefined);
  for (;;) {
    const rows = await next;
    const last = rows[rows.length - 1];
    const more = rows.length === pageSize && last !== undefined;
    if (more) next = page(last.id);
    if (rows.length > 0) yield rows;
    if (!more) return;
  }
}

async function selectExportPage(
  db: Database,
  conditions: SQL[],
  limit: number,
): Promise<AddressExportRow[]> {
  const where = conditions.length > 0 ? sql`where ${and(...conditions)}` : sql``;
  const rows = await queryRows<AddressExportRow & { id: number | string }>(
    db,
    sql`select id, address, channel, status, type, reason, error_count as "errorCount",
      error_text as "errorText", ${iso('first_error_at')} as "firstErrorAt",
      ${iso('last_error_at')} as "lastErrorAt", last_delivery_id as "lastDeliveryId",
      ${iso('updated_at')} as "updatedAt", ${iso('status_since')} as "statusSince"
      from addresses ${where} order by id limit ${limit}`,
  );
  for (const row of rows) row.id = Number(row.id);
  return rows as AddressExportRow[];
}
