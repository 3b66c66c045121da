/**
 * Bulk release by a query, the pure part (spec: "Bulk updates ... in case of an ISP outage,
 * emails are wrongly marked as bounces ... These addresses must be removed from the quarantine
 * list"). The store turns the same query into SQL; `matchesReleaseQuery` is the reference
 * semantics for the dry run and for tests.
 */
import {
  ADDRESS_STATUSES,
  type AddressStatus,
  CHANNELS,
  type Channel,
  REASON_NAMES,
  type Reason,
} from '../core/vocabulary.js';
import { emailDomain } from '../core/address.js';
import type { AddressRecord } from './types.js';

/** Which records a bulk release selects. Every criterion given must match (AND). */
export interface ReleaseQuery {
  /** Case-insensitive substring of the record's error text. */
  errorTextContains?: string;
  /** Email domains, matched exactly after lower-casing (a subdomain is a different domain). */
  domains?: string[];
  /** Inclusive lower bound of the record's `updatedAt`. */
  updatedFrom?: Date;
  /** Exclusive upper bound of the record's `updatedAt`. */
  updatedTo?: Date;
  /**
   * Statuses to release. Default: Quarantine and With errors. Denylisted (a recipient's
   * complaint) and Allowlisted are released only when named; Valid never matches.
   */
  statuses?: AddressStatus[];
  reasons?: Reason[];
  channel?: Channel;
  /** Required to run a query with no narrowing criterion, which selects every record. */
  all?: boolean;
}

/** Statuses a query selects when it names none. */
export const DEFAULT_RELEASE_STATUSES: readonly AddressStatus[] = ['quarantine', 'with_errors'];

/** A query checked by `validateReleaseQuery`: normalized, safe to run. */
export type ValidReleaseQuery = ReleaseQuery & { readonly __valid: true };

export type ReleaseQueryValidation =
  { ok: true; query: ValidReleaseQuery } | { ok: false; problems: string[] };

/**
 * Check a query and report every problem at once. Refuses a query without a narrowing
 * criterion (error text, domains, time window, reasons) unless `all: true`: status and
 * channel alone still select the whole quarantine list of a channel. Domains are lower-cased.
 */
export function validateReleaseQuery(query: ReleaseQuery): ReleaseQueryValidation {
  const problems: string[] = [];
  const text = query.errorTextContains;
  if (text !== undefined && text.trim() === '') problems.push('errorTextContains is empty');
  const domains = query.domains?.map(normalizeDomain);
  if (domains !== undefined && domains.length === 0) problems.push('domains is an empty list');
  if (domains?.some((d) => d === '')) problems.push('domains contains an empty domain');
  for (const [name, date] of [
    ['updatedFrom', query.updatedFrom],
    ['updatedTo', query.updatedTo],
  ] as const) {
    if (date !== undefined && Number.isNaN(date.getTime()))
      problems.push(`${name} is not a valid date`);
  }
  if (
    query.updatedFrom &&
    query.updatedTo &&
    query.updatedFrom.getTime() >= query.updatedTo.getTime()
  ) {
    problems.push('updatedFrom must be before updatedTo');
  }
  if (query.statuses !== undefined && query.statuses.length === 0)
    problems.push('statuses is an empty list');
  for (const status of query.statuses ?? []) {
    if (!ADDRESS_STATUSES.includes(status)) problems.push(`unknown status ${String(status)}`);
  }
  if (query.reasons !== undefined && query.reasons.length === 0)
    problems.push('reasons is an empty list');
  for (const reason of query.reasons ?? []) {
    if (!REASON_NAMES.includes(reason)) problems.push(`unknown reason ${String(reason)}`);
  }
  if (query.channel !== undefined && !CHANNELS.includes(query.channel)) {
    problems.push(`unknown channel ${String(query.channel)}`);
  }
  if (!hasNarrowingCriterion(query) && query.all !== true) {
    problems.push('the query selects every record: add a criterion or set all: true');
  }
  if (problems.length > 0) return { ok: false, problems };
  const normalized = { ...query, ...(domains ? { domains } : {}) } as ValidReleaseQuery;
  return { ok: true, query: normalized };
}

function hasNarrowingCriterion(query: ReleaseQuery): boolean {
  return (
    query.errorTextContains !== undefined ||
    query.domains !== undefined ||
    query.updatedFrom !== undefined ||
    query.updatedTo !== undefined ||
    query.reasons !== undefined
  );
}

function normalizeDomain(domain: string): string {
  return domain.trim().replace(/^@/, '').replace(/\.$/, '').toLowerCase();
}

/** Whether `record` is selected by `query` (every given criterion must match). */
export function matchesReleaseQuery(record: AddressRecord, query: ReleaseQuery): boolean {
  if (record.status === 'valid') return false;
  const statuses = query.statuses ?? DEFAULT_RELEASE_STATUSES;
  if (!statuses.includes(record.status)) return false;
  if (query.channel !== undefined && record.channel !== query.channel) return false;
  if (
    query.reasons !== undefined &&
    (record.reason === undefined || !query.reasons.includes(record.reason))
  ) {
    return false;
  }
  if (query.domains !== undefined) {
    const domain = emailDomain(record.address).toLowerCase();
    if (record.channel !== 'email' || !query.domains.map(normalizeDomain).includes(domain))
      return false;
  }
  const updated = record.updatedAt.getTime();
  if (query.updatedFrom !== undefined && updated < query.updatedFrom.getTime()) return false;
  if (query.updatedTo !== undefined && updated >= query.updatedTo.getTime()) return false;
  if (query.errorTextContains !== undefined) {
    const text = record.errorText?.toLowerCase() ?? '';
    if (!text.includes(query.errorTextContains.toLowerCase())) return false;
  }
  return true;
}
