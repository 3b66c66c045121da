/**
 * The phrase table the free-text classifier runs: the rows of phrases/<category>.ts (format
 * in phrase-row.ts), validated and compiled once, in priority order — first match wins
 * (docs/decision-order.md). Patterns are case-insensitive and run on the diagnostic with
 * whitespace collapsed.
 */
import type { Category } from '../../core/vocabulary.js';
import type { PhraseRow, PhraseStrength } from './phrase-row.js';
import { PHRASE_ROWS_BY_CATEGORY } from './phrases/index.js';

export type { PhraseRow, PhraseStrength } from './phrase-row.js';

export interface PhraseRule {
  /** The row's permanent id (phrase-row.ts). */
  id: string;
  category: Category;
  strength: PhraseStrength;
  pattern: RegExp;
  /** See PhraseRow.whileRetrying. */
  whileRetrying?: Category;
}

/** Every row with its category, in priority order; throws on a malformed table. */
export function phraseRows(): ReadonlyArray<PhraseRow & { category: Category }> {
  const all = Object.entries(PHRASE_ROWS_BY_CATEGORY).flatMap(([category, rows]) =>
    rows.map((row) => ({ ...row, category: category as Category })),
  );
  const ids = new Set<string>();
  const priorities = new Set<number>();
  for (const row of all) {
    if (!row.id.startsWith(`${row.category}.`)) throw new Error(`phrase row ${row.id}: id`);
    if (ids.has(row.id)) throw new Error(`phrase row ${row.id}: duplicate id`);
    if (priorities.has(row.priority)) throw new Error(`phrase row ${row.id}: duplicate priority`);
    if (row.examples.length === 0) throw new Error(`phrase row ${row.id}: no example`);
    ids.add(row.id);
    priorities.add(row.priority);
  }
  return all.sort((a, b) => a.priority - b.priority);
}

/** A row compiled; `pattern` may be given when a tool runs a reduced row. */
export function compileRow(row: PhraseRow & { category: Category }, pattern = row.pattern) {
  const rule: PhraseRule = {
    id: row.id,
    category: row.category,
    strength: row.strength,
    pattern: new RegExp(pattern, 'i'),
  };
  if (row.whileRetrying) rule.whileRetrying = row.whileRetrying;
  return rule;
}

/**
 * The top-level alternatives of a pattern (`a|b(c|d)` → `a`, `b(c|d)`): each one a phrase of
 * the row, for the leave-one-out script and the row listing.
 */
export function splitAlternatives(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  out.push(pattern.slice(start));
  return out;
}

/** The compiled table, in priority order. */
export const PHRASE_RULES: readonly PhraseRule[] = phraseRows().map((row) => compileRow(row));
