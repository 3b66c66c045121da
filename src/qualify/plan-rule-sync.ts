/**
 * Rule-set sync planning, pure: what a nightly sync of rules/ (or a URL) would change in the
 * stored rules. Unlike the original tool, it never overwrites a rule staff created or edited:
 * such a clash is reported as a conflict for staff to resolve. Applying a plan and planning
 * again with the same input gives an empty plan.
 */
import type { Channel, FailureType, Reason } from '../core/vocabulary.js';
import type { RuleData, RuleExample, RuleSetData } from './rule-schema.js';
import { exactTextRegex } from './compile-rule-set.js';
import { canonicalJson } from '../core/canonical-json.js';

/** A rule as the store keeps it. */
export interface StoredRule {
  /** Permanent rule id (unique across sets). */
  id: string;
  /** Name of the rule set it belongs to (`email`, `sms`, `push`). */
  ruleSet: string;
  /** `shipped`: came from a rule-set file; `staff`: written by staff (or promoted from Keep). */
  origin: 'shipped' | 'staff';
  /** A shipped rule staff changed afterwards: syncs leave it alone from then on. */
  editedByStaff: boolean;
  /** The shipped set version the row was last written from (shipped rows). */
  shippedVersion?: string;
  data: RuleData;
}

/** A qualification-table row staff marked Keep: a decision to turn into a rule. */
export interface KeepRow {
  channel: Channel;
  normalizedText: string;
  type: FailureType;
  reason: Reason;
}

/** A shipped rule that would replace a rule staff own; the stored rule is kept. */
export interface RuleSyncConflict {
  id: string;
  why: 'staff-created' | 'staff-edited';
  stored: StoredRule;
  incoming: RuleData;
}

/** What a sync would do. Only `added`, `updated`, `retired` and `promoted` change anything. */
export interface RuleSyncPlan {
  ruleSet: string;
  version: string;
  added: StoredRule[];
  updated: StoredRule[];
  unchanged: string[];
  conflicts: RuleSyncConflict[];
  /** Shipped, unedited rules the incoming set no longer has. */
  retired: StoredRule[];
  /** New staff rules made from Keep rows that no rule holds yet. */
  promoted: StoredRule[];
}

/**
 * Priority of staff decisions on one exact text (promoted Keep rows, qualified rows): the
 * highest the schema allows, so they beat every shipped rule (0–899) on that text.
 */
export const PROMOTED_RULE_PRIORITY = 1000;

/**
 * Plans the sync of one incoming (validated) rule set against the stored rules.
 * `keepRows` of other channels are ignored.
 */
export function planRuleSync(
  current: readonly StoredRule[],
  incoming: RuleSetData,
  keepRows: readonly KeepRow[],
): RuleSyncPlan {
  const stored = new Map(current.map((rule) => [rule.id, rule]));
  const plan: RuleSyncPlan = {
    ruleSet: incoming.name,
    version: incoming.version,
    added: [],
    updated: [],
    unchanged: [],
    conflicts: [],
    retired: [],
    promoted: [],
  };
  const shipped = (data: RuleData): StoredRule => ({
    id: data.id,
    ruleSet: incoming.name,
    origin: 'shipped',
    editedByStaff: false,
    shippedVersion: incoming.version,
    data,
  });
  for (const data of incoming.rules) {
    const existing = stored.get(data.id);
    if (!existing) plan.added.push(shipped(data));
    else if (sameData(existing.data, data)) plan.unchanged.push(data.id);
    else if (existing.origin === 'staff' || existing.editedByStaff) {
      const why = existing.origin === 'staff' ? 'staff-created' : 'staff-edited';
      plan.conflicts.push({ id: data.id, why, stored: existing, incoming: data });
    } else plan.updated.push(shipped(data));
  }
  const incomingIds = new Set(incoming.rules.map((rule) => rule.id));
  plan.retired = current.filter(
    (rule) =>
      rule.ruleSet === incoming.name &&
      rule.origin === 'shipped' &&
      !rule.editedByStaff &&
      !incomingIds.has(rule.id),
  );
  plan.promoted = promoteKeepRows(stored, incoming, keepRows);
  return plan;
}

/** The stored rules after the plan: what the store writes, and what a test re-plans against. */
export function applyRuleSyncPlan(
  current: readonly StoredRule[],
  plan: RuleSyncPlan,
): StoredRule[] {
  const retired = new Set(plan.retired.map((rule) => rule.id));
  const byId = new Map(current.filter((rule) => !retired.has(rule.id)).map((r) => [r.id, r]));
  for (const rule of [...plan.added, ...plan.updated, ...plan.promoted]) byId.set(rule.id, rule);
  return [...byId.values()];
}

/** Deterministic id of the rule promoted from one Keep row, so promotion happens once. */
export function promotedRuleId(channel: Channel, normalizedText: string): string {
  const key = `${channel}\n${normalizedText}`;
  return `staff.keep.${channel}.${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x050c5d1f)}`;
}

function promoteKeepRows(
  stored: ReadonlyMap<string, StoredRule>,
  incoming: RuleSetData,
  keepRows: readonly KeepRow[],
): StoredRule[] {
  const promoted = new Map<string, StoredRule>();
  for (const row of keepRows) {
    if (row.channel !== incoming.channel) continue;
    const id = promotedRuleId(row.channel, row.normalizedText);
    if (stored.has(id) || promoted.has(id)) continue;
    const data = textDecisionRule(row, 'Promoted from a Keep row of the qualification table.');
    promoted.set(id, { id, ruleSet: incoming.name, origin: 'staff', editedByStaff: false, data });
  }
  return [...promoted.values()];
}

/**
 * The staff rule that decides one exact normalized text (id from {@link promotedRuleId}): what
 * qualifying a row of the qualification table writes, and what a sync promotes a Keep row to.
 */
export function textDecisionRule(row: KeepRow, description: string): RuleData {
  const id = promotedRuleId(row.channel, row.normalizedText);
  return {
    id,
    description,
    priority: PROMOTED_RULE_PRIORITY,
    enabled: true,
    match: { textRegex: exactTextRegex(row.normalizedText) },
    type: row.type,
    reason: row.reason,
    provisional: false,
    delivered: false,
    examples: [{ input: exampleInput(row), expect: { type: row.type, reason: row.reason } }],
  };
}

/** An input that reproduces the row's normalized text through the channel's qualifier. */
function exampleInput(row: KeepRow): RuleExample['input'] {
  if (row.channel === 'sms') {
    // "SR <smsc> <status> <error>|#MESSAGE#" back into fields the default extractor reads.
    const fields = /^SR (\S+) (\S+) (\S+)\|/.exec(row.normalizedText) ?? [];
    const [, smsc = '', status = '', error = ''] = fields;
    return { text: `stat:${status} err:${error}`, smsc };
  }
  if (row.channel === 'push') {
    const [, provider, code = ''] = /^PUSH (apns|fcm) (\S+)$/.exec(row.normalizedText) ?? [];
    return { text: code, code, ...(provider === 'apns' || provider === 'fcm' ? { provider } : {}) };
  }
  return { text: row.normalizedText };
}

/** Structural equality of plain JSON data, independent of key order. */
function sameData(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * 32-bit FNV-1a as 8 hex digits. Two seeds give 64 bits: stable ids without a crypto import,
 * and no collision to expect even across a million Keep rows.
 */
function fnv1a(text: string, seed: number): string {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
