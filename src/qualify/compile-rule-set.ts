/**
 * Validation and compilation of a rule set. Rules come from outside (files, a URL, staff
 * edits), so their regexes run with RE2 semantics (regex-engine.ts) — linear time whatever the
 * pattern — within the set's limits, and are compiled once here, never per message.
 */
import type { z } from 'zod';
import type { Channel, FailureType, Reason } from '../core/vocabulary.js';
import { ruleSetSchema } from './rule-schema.js';
import type { RuleData, RuleMatch, RuleSetData } from './rule-schema.js';
import { RuleSetError } from './rule-set-error.js';
import type { RuleSetIssue } from './rule-set-error.js';
import { DEFAULT_RULE_LIMITS, PatternRefusal, compilePattern } from './regex-engine.js';
import type { CompiledPattern, RuleLimits } from './regex-engine.js';

/** A rule ready to run: its conditions pre-processed, its regex compiled. */
export interface CompiledRule {
  readonly id: string;
  readonly priority: number;
  /** How many conditions the rule sets: breaks priority ties (more specific first). */
  readonly specificity: number;
  readonly type: FailureType;
  readonly reason: Reason;
  readonly provisional: boolean;
  readonly delivered: boolean;
  readonly retry: boolean | undefined;
  readonly match: CompiledMatch;
  readonly data: RuleData;
}

/** Conditions in the form the matcher reads: lower-cased, compiled. */
export interface CompiledMatch {
  readonly channel?: Channel;
  readonly categories?: ReadonlySet<string>;
  readonly status?: readonly string[];
  readonly replyCodes?: readonly string[];
  readonly temporary?: boolean;
  readonly textRegex?: TextPattern;
  readonly textContains?: readonly string[];
  readonly domains?: readonly string[];
  readonly smsc?: ReadonlySet<string>;
  readonly providers?: ReadonlySet<string>;
  readonly codes?: ReadonlySet<string>;
}

/** A compiled text condition: RE2, or a plain RegExp for a pure literal (see compileRegex). */
export interface TextPattern {
  test(text: string): boolean;
}

/** Regexes extracting the status and the error code from an SMS status report. */
export interface SmscExtractor {
  readonly status: CompiledPattern;
  readonly error: CompiledPattern;
}

/** A validated, compiled, frozen rule set. Rules are in precedence order: first match wins. */
export interface CompiledRuleSet {
  readonly name: string;
  readonly channel: Channel;
  readonly version: string;
  readonly rules: readonly CompiledRule[];
  /** smscKey(name) → extractor; "default" for SMSCs without their own entry. */
  readonly smsc: ReadonlyMap<string, SmscExtractor>;
  /** The validated data, defaults applied (what planRuleSync and staff tools read). */
  readonly data: RuleSetData;
  /**
   * Rules whose only condition is one exact text (staff decisions on a normalized text), by
   * lower-cased text: thousands of them cost one map lookup per failure instead of a regex each.
   */
  readonly exactText: ReadonlyMap<string, CompiledRule>;
  /** The enabled rules the matcher scans in order: `rules` without those of `exactText`. */
  readonly scanRules: readonly CompiledRule[];
}

/**
 * Validates rule-set data (parsed JSON) and compiles it within `limits`.
 * @throws RuleSetError listing every problem with the rule id and field it concerns.
 */
export function compileRuleSet(
  data: unknown,
  limits: RuleLimits = DEFAULT_RULE_LIMITS,
): CompiledRuleSet {
  const parsed = ruleSetSchema.safeParse(data);
  const setName = describeSetName(data);
  if (!parsed.success) throw new RuleSetError(setName, zodIssues(parsed.error, data));
  const set = parsed.data;
  const issues: RuleSetIssue[] = [];
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  for (const rule of set.rules) {
    if (seen.has(rule.id)) issues.push({ ruleId: rule.id, field: 'id', message: 'is used twice' });
    seen.add(rule.id);
    issues.push(...channelIssues(set.channel, rule));
    const textRegex = compileTextPattern(rule.match.textRegex, set.channel, rule, issues, limits);
    if (rule.enabled) rules.push(compileRule(rule, set.channel, textRegex));
  }
  issues.push(...regexCountIssues(rules, set.channel, limits));
  const smsc = compileSmsc(set, issues, limits);
  if (issues.length > 0) throw new RuleSetError(set.name, issues);
  rules.sort(byPrecedence);
  const exactText = indexExactTextRules(rules, set.channel);
  const indexed = new Set(exactText.values());
  return Object.freeze({
    name: set.name,
    channel: set.channel,
    version: set.version,
    rules: Object.freeze(rules),
    smsc,
    data: set,
    exactText,
    scanRules: Object.freeze(rules.filter((rule) => !indexed.has(rule))),
  });
}

/** Rules are in precedence order, so the first rule of a text is the one that would win. */
function indexExactTextRules(
  rules: readonly CompiledRule[],
  channel: Channel,
): ReadonlyMap<string, CompiledRule> {
  const index = new Map<string, CompiledRule>();
  for (const rule of rules) {
    const text = exactTextOf(rule.data.match, channel);
    if (text !== undefined && !index.has(text)) index.set(text, rule);
  }
  return index;
}

const REGEX_META = '.*+?^${}()|[]\\';

/**
 * The lower-cased literal a match stands for when its only condition is `^literal$` (the form
 * `exactTextRegex` writes); undefined for any other match. The set's regexes are
 * case-insensitive, hence the lower case.
 */
export function exactTextOf(match: RuleMatch, channel: Channel): string | undefined {
  const { textRegex, channel: matchChannel, ...others } = match;
  if (textRegex === undefined || (matchChannel !== undefined && matchChannel !== channel)) {
    return undefined;
  }
  if (Object.values(others).some((value) => value !== undefined)) return undefined;
  if (!textRegex.startsWith('^') || !textRegex.endsWith('$') || textRegex.endsWith('\\$')) {
    return undefined;
  }
  let literal = '';
  const body = textRegex.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === '\\') {
      const next = body[i + 1];
      if (next === undefined || !REGEX_META.includes(next)) return undefined;
      literal += next;
      i++;
    } else if (REGEX_META.includes(char)) {
      return undefined;
    } else literal += char;
  }
  return literal.toLowerCase();
}

/** A regex matching exactly `text` (RE2 and JS share these metacharacters). */
export function exactTextRegex(text: string): string {
  return `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** Highest priority first; ties: more specific first, then id for a stable, explainable order. */
export function byPrecedence(a: CompiledRule, b: CompiledRule): number {
  return b.priority - a.priority || b.specificity - a.specificity || a.id.localeCompare(b.id);
}

function compileRule(
  rule: RuleData,
  setChannel: Channel,
  textRegex: TextPattern | undefined,
): CompiledRule {
  const m = rule.match;
  const lower = (values: string[] | undefined) => values?.map((v) => v.toLowerCase());
  const asSet = (values: string[] | undefined) => (values ? new Set(lower(values)) : undefined);
  const match: CompiledMatch = {
    channel: m.channel ?? setChannel,
    ...(m.categories && { categories: new Set(m.categories) }),
    ...(m.status && { status: m.status }),
    ...(m.replyCodes && { replyCodes: m.replyCodes }),
    ...(m.temporary !== undefined && { temporary: m.temporary }),
    ...(textRegex && { textRegex }),
    ...(m.textContains && { textContains: lower(m.textContains) }),
    ...(m.domains && { domains: lower(m.domains) }),
    ...(m.smsc && { smsc: asSet(m.smsc) }),
    ...(m.providers && { providers: asSet(m.providers) }),
    ...(m.codes && { codes: asSet(m.codes) }),
  };
  return Object.freeze({
    id: rule.id,
    priority: rule.priority,
    specificity: specificityOf(m),
    type: rule.type,
    reason: rule.reason,
    provisional: rule.provisional,
    delivered: rule.delivered,
    retry: rule.retry,
    match: Object.freeze(match),
    data: rule,
  });
}

/** A text or domain condition narrows more than a category; an exact status more than a class. */
function specificityOf(m: RuleMatch): number {
  const statusDepth = m.status ? Math.min(...m.status.map((s) => s.split('.').length)) : 0;
  const replyDepth = m.replyCodes ? Math.min(...m.replyCodes.map((r) => r.length)) : 0;
  return (
    (m.categories ? 1 : 0) +
    (m.temporary !== undefined ? 1 : 0) +
    statusDepth +
    (replyDepth > 0 ? 1 + (replyDepth === 3 ? 1 : 0) : 0) +
    (m.textRegex || m.textContains ? 2 : 0) +
    (m.domains ? 2 : 0) +
    (m.smsc ? 1 : 0) +
    (m.providers ? 1 : 0) +
    (m.codes ? 2 : 0)
  );
}

function channelIssues(channel: Channel, rule: RuleData): RuleSetIssue[] {
  const issues: RuleSetIssue[] = [];
  const m = rule.match;
  const wrong = (field: string, only: Channel) =>
    issues.push({ ruleId: rule.id, field, message: `is for ${only} rule sets only` });
  if (m.channel && m.channel !== channel)
    issues.push({
      ruleId: rule.id,
      field: 'match.channel',
      message: `differs from the set's channel "${channel}"`,
    });
  if (channel !== 'sms' && m.smsc) wrong('match.smsc', 'sms');
  if (channel !== 'sms' && rule.delivered) wrong('delivered', 'sms');
  if (channel !== 'push' && m.providers) wrong('match.providers', 'push');
  if (channel !== 'push' && m.codes) wrong('match.codes', 'push');
  if (rule.delivered && rule.type !== 'ignored')
    issues.push({
      ruleId: rule.id,
      field: 'type',
      message: 'must be "ignored" for a delivered (success) rule',
    });
  return issues;
}

/**
 * Every enabled rule with a regex (not an exact text: that is a map lookup) costs a regex run
 * for a text no rule matches. Past the limit the rules of lowest precedence are refused, each
 * named, so a stored set that grew past a lowered limit keeps its best rules (compose-rule-sets).
 */
function regexCountIssues(
  rules: readonly CompiledRule[],
  channel: Channel,
  limits: RuleLimits,
): RuleSetIssue[] {
  const regexRules = rules
    .filter((rule) => rule.match.textRegex !== undefined) // refused patterns are reported already
    .filter((rule) => exactTextOf(rule.data.match, channel) === undefined)
    .sort(byPrecedence);
  return regexRules.slice(limits.maxRegexRules).map((rule) => ({
    ruleId: rule.id,
    field: 'match.textRegex',
    code: 'QUALIFY_PATTERN_TOO_MANY',
    message: `is one regex rule more than the limit of ${limits.maxRegexRules} per rule set (RULE_MAX_REGEX_RULES)`,
  }));
}

function compileSmsc(
  set: RuleSetData,
  issues: RuleSetIssue[],
  limits: RuleLimits,
): ReadonlyMap<string, SmscExtractor> {
  const map = new Map<string, SmscExtractor>();
  if (set.channel !== 'sms') {
    if (set.smsc) issues.push({ field: 'smsc', message: 'is for sms rule sets only' });
    return map;
  }
  if (!set.smsc?.default) {
    issues.push({ field: 'smsc.default', message: 'is required in an sms rule set' });
  }
  for (const [name, extractor] of Object.entries(set.smsc ?? {})) {
    const field = `smsc.${name}`;
    const status = compileRegex(
      extractor.statusRegex,
      undefined,
      `${field}.statusRegex`,
      issues,
      limits,
    );
    const error = compileRegex(
      extractor.errorRegex,
      undefined,
      `${field}.errorRegex`,
      issues,
      limits,
    );
    if (status && error) map.set(smscKey(name), { status, error });
  }
  return map;
}

/** SMSC names compare case-insensitively, with inner whitespace read as "_" (as in SR texts). */
export function smscKey(name: string): string {
  return name.trim().replace(/\s+/g, '_').toLowerCase();
}

/**
 * A `^literal$` text condition (a staff decision on one text) runs as a JS RegExp: a literal
 * cannot backtrack, and the set indexes it by text anyway (exactText). Anything else compiles
 * with the RE2 engine.
 */
function compileTextPattern(
  source: string | undefined,
  channel: Channel,
  rule: RuleData,
  issues: RuleSetIssue[],
  limits: RuleLimits,
): TextPattern | undefined {
  if (source !== undefined && exactTextOf({ textRegex: source }, channel) !== undefined) {
    return new RegExp(source, 'iu');
  }
  return compileRegex(source, rule.id, 'match.textRegex', issues, limits);
}

/** Refused patterns (too long, lookaround, backreferences) are reported, never rewritten. */
function compileRegex(
  source: string | undefined,
  ruleId: string | undefined,
  field: string,
  issues: RuleSetIssue[],
  limits: RuleLimits,
): CompiledPattern | undefined {
  if (source === undefined) return undefined;
  try {
    return compilePattern(source, limits);
  } catch (error) {
    if (!(error instanceof PatternRefusal)) throw error;
    const issue = { field, code: error.code, message: error.message };
    issues.push(ruleId ? { ruleId, ...issue } : issue);
    return undefined;
  }
}

function describeSetName(data: unknown): string {
  const name = (data as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '(unnamed)';
}

/** Turns zod's paths (`rules.3.reason`) into the rule's id and the field inside the rule. */
function zodIssues(error: z.ZodError, data: unknown): RuleSetIssue[] {
  const rules = (data as { rules?: unknown } | null)?.rules;
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (path[0] !== 'rules' || path[1] === undefined) {
      return { field: path.join('.') || '(root)', message: issue.message };
    }
    const index = Number(path[1]);
    const raw = Array.isArray(rules) ? (rules[index] as { id?: unknown } | undefined) : undefined;
    const rawId = raw?.id;
    const ruleId = typeof rawId === 'string' ? rawId : `rules[${index}]`;
    return { ruleId, field: path.slice(2).join('.') || '(rule)', message: issue.message };
  });
}
