/**
 * A rule source for the sync: a directory (rules/ or a mounted copy) or an HTTP(S) URL,
 * fetched on the ETag remembered from the last version applied from it. All or nothing: a
 * broken source yields an error and no rule set.
 */
import type { Database } from '../store/database.js';
import { lastEtagOf } from '../store/rule-set-version-repository.js';
import type { CompiledRuleSet, RuleLimits } from '../qualify/index.js';
import { fetchRuleSource, loadRuleDirectory, type RuleSourceError } from './index.js';

export type LoadedRuleSource =
  | { ok: true; source: string; ruleSets: CompiledRuleSet[]; etag?: string; notModified: boolean }
  | { ok: false; source: string; error: RuleSourceError };

export function isUrlSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** How a source is named in rule_set_versions and logs: URLs lose credentials and query. */
export function sourceLabel(source: string): string {
  if (!isUrlSource(source)) return source;
  try {
    const url = new URL(source);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export async function loadRuleSource(
  db: Database,
  source: string,
  options: { timeoutMs?: number; maxBytes?: number; useEtag?: boolean; limits?: RuleLimits } = {},
): Promise<LoadedRuleSource> {
  const label = sourceLabel(source);
  if (!isUrlSource(source)) {
    const loaded = await loadRuleDirectory(source, {
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
    if (!loaded.ok) return { ok: false, source: label, error: loaded.error };
    return { ok: true, source: label, ruleSets: loaded.ruleSets, notModified: false };
  }
  const etag = options.useEtag === false ? undefined : await lastEtagOf(db, label);
  const fetched = await fetchRuleSource(source, {
    ...(etag ? { etag } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  if (!fetched.ok) return { ok: false, source: label, error: fetched.error };
  if (fetched.status === 'not-modified')
    return { ok: true, source: label, ruleSets: [], notModified: true, ...(etag ? { etag } : {}) };
  return {
    ok: true,
    source: label,
    ruleSets: fetched.ruleSets,
    notModified: false,
    ...(fetched.etag ? { etag: fetched.etag } : {}),
  };
}
