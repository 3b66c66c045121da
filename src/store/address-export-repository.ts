/**
 * The whole quarantine list, a page at a time, for the export: keyset pagination on `id`
 * (each page as cheap at row 1,000,000 as at row 0), so memory holds one page whatever the
 * list's size, on PostgreSQL and PGlite alike. The next page is read while the caller writes
 * the current one out.
 */
import type { Database } from './database.js';
import {
  addressListConditions,
  selectPage,
  type AddressListFilter,
} from './address-query-repository.js';
import type { StoredAddressRecord } from './address-repository.js';

export async function* iterateAddressPages(
  db: Database,
  filter: AddressListFilter,
  pageSize = 5_000,
): AsyncGenerator<StoredAddressRecord[]> {
  const conditions = addressListConditions(filter);
  let next = selectPage(db, conditions, { limit: pageSize });
  for (;;) {
    const page = await next;
    const cursor = page.nextCursor;
    if (cursor !== undefined) next = selectPage(db, conditions, { limit: pageSize, after: cursor });
    if (page.items.length > 0) yield page.items;
    if (cursor === undefined) return;
  }
}
