import type { ImapFlow } from 'imapflow';

/** UID SEARCH; imapflow answers `false` instead of an empty list when nothing matched. */
export async function searchUids(
  client: ImapFlow,
  query: Parameters<ImapFlow['search']>[0],
): Promise<number[]> {
  const found = await client.search(query, { uid: true });
  return Array.isArray(found) ? found : [];
}
