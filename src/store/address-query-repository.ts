/**
 * Reading the quarantine list in pages: the staff list (filters + keyset cursor) and the
 * bulk-release query turned into SQL. Keyset pagination on `id` keeps a page as cheap at row
 * 1,000,000 as at row 0, which OFFSET does not.
 */
import { and, asc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';
import { addresses } from './schema.js';
import { rowToAddressRecord } from './address-repository.js';
import type { StoredAddressRecord } from './address-repository.js';
import type { AddressStatus, Channel, Reason } from '../core/vocabulary.js';
import { DEFAULT_RELEASE_STATUSES, type ValidReleaseQuery } from '../quarantine/release-query.js';

export interface AddressListFilter {
  status?: AddressStatus;
  channel?: Channel;
  domain?: string;
  /** Case-insensitive substring of the address. */
  q?: string;
  /** Any of these reasons (exact match). */
  reasons?: Reason[];
  /** Window on `updated_at` (the entry's last change), named as in the release query:
   * from inclusive, to exclusive. */
  updatedFrom?: Date;
  updatedTo?: Date;
}

/** A page of rows and the cursor of the next page (absent on the last one). */
export interface AddressPage {
  items: Array<StoredAddressRecord & { id: number }>;
  nextCursor?: number;
}

export async function listAddressPage(
  db: Database,
  filter: AddressListFilter,
  page: { limit: number; after?: number },
): Promise<AddressPage> {
  return selectPage(db, addressListConditions(filter), page);
}

/** The WHERE clause of the staff list's filters (also the export's). */
export function addressListConditions(filter: AddressListFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(addresses.status, filter.status));
  if (filter.channel) conditions.push(eq(addresses.channel, filter.channel));
  if (filter.domain) conditions.push(eq(addresses.domain, filter.domain.toLowerCase()));
  if (filter.q)
    conditions.push(sql`position(lower(${filter.q}) in lower(${addresses.address})) > 0`);
  if (filter.reasons?.length) conditions.push(inArray(addresses.reason, filter.reasons));
  if (filter.updatedFrom) conditions.push(gte(addresses.updatedAt, filter.updatedFrom));
  if (filter.updatedTo) conditions.push(lt(addresses.updatedAt, filter.updatedTo));
  return conditions;
}

/** The WHERE clause of a validated release query (same semantics as `matchesReleaseQuery`). */
export function releaseQueryConditions(query: ValidReleaseQuery): SQL[] {
  const statuses = query.statuses ?? DEFAULT_RELEASE_STATUSES;
  const conditions: SQL[] = [inArray(addresses.status, [...statuses.filter((s) => s !== 'valid')])];
  if (query.channel) conditions.push(eq(addresses.channel, query.channel));
  if (query.reasons) conditions.push(inArray(addresses.reason, query.reasons));
  if (query.domains) {
    conditions.push(eq(addresses.channel, 'email'), inArray(addresses.domain, query.domains));
  }
  if (query.updatedFrom) conditions.push(gte(addresses.updatedAt, query.updatedFrom));
  if (query.updatedTo) conditions.push(lt(addresses.updatedAt, query.updatedTo));
  if (query.errorTextContains !== undefined) {
    // position() rather than ILIKE: the text is a plain substring, '%' and '_' included.
    conditions.push(
      sql`position(lower(${query.errorTextContains}) in lower(coalesce(${addresses.errorText}, ''))) > 0`,
    );
  }
  return conditions;
}

export async function countMatching(db: Database, conditions: SQL[]): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(addresses)
    .where(and(...conditions));
  return Number(rows[0]?.n ?? 0);
}

/**
 * One page of rows matching `conditions` after `after` (by id). With `lock`, the rows are
 * locked for the caller's transaction (a bulk release re-reads each page under lock).
 */
export async function selectPage(
  db: Database,
  conditions: SQL[],
  page: { limit: number; after?: number; lock?: boolean },
): Promise<AddressPage> {
  const where = and(
    ...conditions,
    ...(page.after !== undefined ? [gt(addresses.id, page.after)] : []),
  );
  const base = db
    .select()
    .from(addresses)
    .where(where)
    .orderBy(asc(addresses.id))
    .limit(page.limit);
  const rows = page.lock ? await base.for('update') : await base;
  const items = rows.map((row) => ({ ...rowToAddressRecord(row), id: row.id }));
  const last = rows[rows.length - 1];
  return rows.length === page.limit && last ? { items, nextCursor: last.id } : { items };
}

/** The rows cleanup may lift: With errors, and Quarantine for a full mailbox; a page by id. */
export function selectCleanupCandidates(
  db: Database,
  page: { limit: number; after?: number },
): Promise<AddressPage> {
  return selectPage(
    db,
    [
      or(
        eq(addresses.status, 'with_errors'),
        and(eq(addresses.status, 'quarantine'), eq(addresses.reason, 'mailbox_full')),
      )!,
    ],
    page,
  );
}
