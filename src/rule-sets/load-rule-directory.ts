/**
 * Reads every `*.json` rule set of a directory (rules/ in the repository, or a mounted copy).
 * All files must be valid: one broken file fails the whole load, so a half-edited directory
 * never replaces the rules in use.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledRuleSet, RuleLimits } from '../qualify/index.js';
import { assertDistinctNames, compileSourceText } from './compile-source-data.js';
import { RuleSourceError } from './rule-source-error.js';

/** Options of {@link loadRuleDirectory}. */
export interface LoadRuleDirectoryOptions {
  /** Largest file read, in bytes (default 2 MiB): a rule set is data, not a dump. */
  maxBytes?: number;
  /** Bounds on the rules' regexes (default DEFAULT_RULE_LIMITS). */
  limits?: RuleLimits;
}

export type RuleDirectoryResult =
  | { ok: true; ruleSets: CompiledRuleSet[]; files: string[] }
  | { ok: false; error: RuleSourceError };

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Loads and compiles the rule sets of `dir`, in file-name order. Never throws. */
export async function loadRuleDirectory(
  dir: string,
  options: LoadRuleDirectoryOptions = {},
): Promise<RuleDirectoryResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
    const ruleSets: CompiledRuleSet[] = [];
    const files: string[] = [];
    for (const name of names) {
      const file = join(dir, name);
      const info = await stat(file);
      if (!info.isFile()) continue;
      if (info.size > maxBytes) {
        const message = `is larger than ${maxBytes} bytes`;
        throw new RuleSourceError('RULES_SOURCE_TOO_LARGE', file, message);
      }
      ruleSets.push(...compileSourceText(file, await readFile(file, 'utf8'), options.limits));
      files.push(file);
    }
    assertDistinctNames(dir, ruleSets);
    return { ok: true, ruleSets, files };
  } catch (error) {
    if (error instanceof RuleSourceError) return { ok: false, error };
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: new RuleSourceError('RULES_SOURCE_READ_FAILED', dir, message, { cause: error }),
    };
  }
}
