/**
 * Pure: the compiled rule sets in force, from the stored rules and set headers. Per set, the
 * shipped rules staff left alone form the shipped set (its version is the file's), and the
 * rules staff wrote or edited form a second set of the same channel whose version names the
 * newest staff change — so a verdict says which state of the staff rules decided it.
 */
import {
  RuleSetError,
  compileRuleSet,
  describeIssue,
  type CompiledRuleSet,
  type RuleLimits,
  type StoredRule,
} from '../qualify/index.js';
import type { RuleSetHeader } from '../store/rule-set-version-repository.js';

/** A stored rule with the time of its last change. */
export type TimedRule = StoredRule & { updatedAt: Date };

export interface ComposeResult {
  ruleSets: CompiledRuleSet[];
  /** Stored rules that no longer compile (left out, reported), with the issue's code if any. */
  broken: Array<{ id: string; code?: string; message: string }>;
}

/**
 * Sets without stored rules use their `fallback` (the shipped files loaded at start), so a
 * process never qualifies with nothing while the first sync is still to come.
 */
export function composeRuleSets(
  headers: ReadonlyMap<string, RuleSetHeader>,
  stored: readonly TimedRule[],
  fallback: readonly CompiledRuleSet[],
  limits?: RuleLimits,
): ComposeResult {
  const result: ComposeResult = { ruleSets: [], broken: [] };
  const allHeaders = new Map(headers);
  for (const set of fallback)
    if (!allHeaders.has(set.name)) allHeaders.set(set.name, headerOf(set));
  for (const [name, header] of allHeaders) {
    const own = stored.filter((rule) => rule.ruleSet === name);
    if (own.length === 0) {
      const shipped = fallback.find((set) => set.name === name);
      if (shipped) result.ruleSets.push(shipped);
      continue;
    }
    const staffOwned = (rule: TimedRule) => rule.origin === 'staff' || rule.editedByStaff;
    const shipped = own.filter((rule) => !staffOwned(rule));
    const staff = own.filter(staffOwned);
    result.ruleSets.push(
      compileSafely({ ...header, rules: shipped.map((r) => r.data) }, result, limits),
    );
    if (staff.length > 0) {
      const newest = new Date(Math.max(...staff.map((rule) => rule.updatedAt.getTime())));
      const version = staffSetVersion(header.version, newest);
      result.ruleSets.push(
        compileSafely({ ...header, version, rules: staff.map((r) => r.data) }, result, limits),
      );
    }
  }
  return result;
}

/** `2025.1.0+staff.20250102T030405Z`: the shipped version and the newest staff change. */
export function staffSetVersion(shippedVersion: string, newest: Date): string {
  const stamp = newest
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${shippedVersion}+staff.${stamp}`;
}

/** The second set of a name, holding the rules staff wrote or edited. */
export function isStaffSet(set: CompiledRuleSet): boolean {
  return set.version.includes('+staff.');
}

export function headerOf(set: CompiledRuleSet): RuleSetHeader {
  const { rules: _rules, ...header } = set.data;
  return header;
}

/**
 * Rules are validated on every write; one that fails now (a lowered limit, a pattern stored
 * before the engine refused it) is left out rather than stopping all.
 */
function compileSafely(
  data: Record<string, unknown> & { rules: unknown[] },
  result: ComposeResult,
  limits: RuleLimits | undefined,
): CompiledRuleSet {
  try {
    return compileRuleSet(data, limits);
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    const bad = new Set(error.issues.map((issue) => issue.ruleId).filter((id) => id !== undefined));
    for (const issue of error.issues) {
      if (issue.ruleId)
        result.broken.push({
          id: issue.ruleId,
          ...(issue.code && { code: issue.code }),
          message: describeIssue(issue),
        });
    }
    const rules = data.rules.filter((rule) => !bad.has((rule as { id?: string }).id ?? ''));
    if (bad.size === 0 || rules.length === data.rules.length) throw error;
    return compileRuleSet({ ...data, rules }, limits);
  }
}
