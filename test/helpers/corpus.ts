/**
 * The development corpus lives beside the checkout (../shared/corpus), not in it: a fresh clone
 * has none. Tests that need it skip with a printed reason there, and fail instead when `CI` or
 * `REQUIRE_CORPUS` is set, so CI cannot pass by silently skipping them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The Sisimai-labelled development corpus; `CORPUS_DIR` points elsewhere. */
export const CORPUS_DIR =
  process.env['CORPUS_DIR'] ?? join(REPO, '..', 'shared', 'corpus', 'sisimai');

export const corpusRequired = Boolean(process.env['CI'] || process.env['REQUIRE_CORPUS']);

/**
 * Whether the corpus can be read. When it cannot, prints why the caller skips, or throws when
 * the corpus is required.
 */
export function corpusAvailable(what: string): boolean {
  if (existsSync(CORPUS_DIR)) return true;
  const reason = `corpus missing at ${CORPUS_DIR} (set CORPUS_DIR)`;
  if (corpusRequired) throw new Error(`${what}: ${reason}; CI / REQUIRE_CORPUS requires it`);
  console.warn(`skipping ${what}: ${reason}`);
  return false;
}
