/**
 * The one regex engine of the rules: re2js, RE2's automata ported to plain JavaScript. Matching
 * is linear in the text whatever the pattern (no backtracking, so no lookaround and no
 * backreferences: such patterns are refused, not rewritten), and a compiled pattern is ordinary
 * heap that the GC frees once no rule set holds it. re2-wasm, used before, had a fixed 16 MiB
 * heap that was never freed: after some 25 staff rules of 3 KB every compile failed and every
 * match threw. bench/regex-engine.bench.js has the figures behind the choice.
 */
import { RE2JS } from 're2js';
import type { QualifyPatternCode } from '../errors.js';

/** Bounds on the patterns of one rule set: they bound its compile time, memory and match time. */
export interface RuleLimits {
  /** Longest regex source accepted, in characters (RULE_MAX_PATTERN_LENGTH). */
  readonly maxPatternLength: number;
  /** Most rules with a regex text condition in one compiled set (RULE_MAX_REGEX_RULES). */
  readonly maxRegexRules: number;
}

/**
 * 4 KiB is six times the longest shipped pattern (677 characters) and holds about a hundred
 * phrases; a longer list is several rules. 1,000 regex rules keep the worst case — a text no
 * rule matches runs every regex — at tens of milliseconds (bench/regex-engine.bench.js). Rules
 * deciding one exact text are a map lookup and count against neither limit's match cost.
 */
export const DEFAULT_RULE_LIMITS: RuleLimits = Object.freeze({
  maxPatternLength: 4096,
  maxRegexRules: 1000,
});

/** A compiled regex: case-insensitive, matched anywhere in the text. */
export interface CompiledPattern {
  readonly source: string;
  test(text: string): boolean;
  /** The capture groups of the first match (index 0: the whole match), or null. */
  exec(text: string): ReadonlyArray<string | null | undefined> | null;
}

/** Why a pattern was refused; the code is one of QUALIFY_PATTERN_CODES (src/errors.ts). */
export class PatternRefusal extends Error {
  constructor(
    readonly code: QualifyPatternCode,
    message: string,
  ) {
    super(message);
    this.name = 'PatternRefusal';
  }
}

/**
 * Compiles patterns by source, so a rebuild of the rule sets after one staff change does not
 * compile the other thousand again. Bounded: the oldest entries go first and the GC frees a
 * pattern once no rule set holds it either.
 */
const CACHE_SIZE = 4096;
const cache = new Map<string, CompiledPattern | PatternRefusal>();

/**
 * Compiles `source` (case-insensitive, unanchored).
 * @throws PatternRefusal when the pattern is too long or not RE2 syntax.
 */
export function compilePattern(
  source: string,
  limits: RuleLimits = DEFAULT_RULE_LIMITS,
): CompiledPattern {
  if (source.length > limits.maxPatternLength) {
    throw new PatternRefusal(
      'QUALIFY_PATTERN_TOO_LONG',
      `is ${source.length} characters long, more than the limit of ${limits.maxPatternLength} (RULE_MAX_PATTERN_LENGTH)`,
    );
  }
  let compiled = cache.get(source);
  if (compiled === undefined) {
    compiled = compileUncached(source);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, compiled);
  }
  if (compiled instanceof PatternRefusal) throw compiled;
  return compiled;
}

function compileUncached(source: string): CompiledPattern | PatternRefusal {
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return new PatternRefusal('QUALIFY_PATTERN_INVALID', `is not a valid RE2 regex (${message})`);
  }
  return Object.freeze({
    source,
    test: (text: string) => guarded(source, () => pattern.test(text), false),
    exec: (text: string) => guarded(source, () => pattern.exec(text), null),
  });
}

/** Told of every match-time failure (the process logs it: `rules.pattern.failed`). */
export type PatternFailureListener = (failure: { source: string; error: unknown }) => void;
let failureListener: PatternFailureListener | undefined;

/**
 * re2js has no fixed heap to run out of, but should a match still throw, that rule is skipped
 * for that text (no match) and the failure reported, rather than failing every message.
 */
export function onPatternFailure(listener: PatternFailureListener | undefined): void {
  failureListener = listener;
}

function guarded<T>(source: string, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    failureListener?.({ source, error });
    return fallback;
  }
}
