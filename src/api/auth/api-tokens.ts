/**
 * API tokens as configured: `name:scope+scope:token` entries (comma-separated in API_TOKENS,
 * one a line in API_TOKENS_FILE). Only the sha256 of a token is kept once parsed, and no
 * problem message ever quotes a token.
 */
import { createHash } from 'node:crypto';
import { SCOPES, isScope, type Scope } from './scopes.js';

/** A configured token: its name (the audit actor), its scopes and the sha256 hex of its value. */
export interface ApiTokenHash {
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly sha256: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// RFC 6750 §2.1 b64token: what a bearer credential may contain, so none holds ':' or ','.
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
export const MIN_TOKEN_LENGTH = 16;

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Parses entries (already split) into hashed tokens; `where(i)` names entry i in problems
 * (`API_TOKENS entry 2`, `API_TOKENS_FILE line 7`).
 */
export function parseApiTokenEntries(entries: ReadonlyArray<{ text: string; where: string }>): {
  tokens: ApiTokenHash[];
  problems: string[];
} {
  const tokens: ApiTokenHash[] = [];
  const problems: string[] = [];
  for (const { text, where } of entries) {
    const first = text.indexOf(':');
    const second = first < 0 ? -1 : text.indexOf(':', first + 1);
    if (second < 0) {
      problems.push(`${where}: not name:scope+scope:token`);
      continue;
    }
    const name = text.slice(0, first).trim();
    const scopeText = text.slice(first + 1, second).trim();
    const token = text.slice(second + 1).trim();
    const entryProblems: string[] = [];
    if (!NAME.test(name))
      entryProblems.push(`${where}: name must be 1-64 of A-Z a-z 0-9 . _ - (got "${name}")`);
    const scopes = scopeText.split('+').map((scope) => scope.trim());
    for (const scope of scopes) {
      if (!isScope(scope))
        entryProblems.push(`${where}: unknown scope "${scope}" (known: ${SCOPES.join(', ')})`);
    }
    if (token.length < MIN_TOKEN_LENGTH)
      entryProblems.push(`${where}: token must be at least ${MIN_TOKEN_LENGTH} characters`);
    else if (!TOKEN.test(token))
      entryProblems.push(
        `${where}: token may hold only A-Z a-z 0-9 - . _ ~ + / (and = at the end)`,
      );
    if (entryProblems.length > 0) {
      problems.push(...entryProblems);
      continue;
    }
    tokens.push({ name, scopes: [...new Set(scopes as Scope[])], sha256: hashApiToken(token) });
  }
  return { tokens, problems };
}

/** Names and tokens must each be unique: a name is an audit actor, a token one identity. */
export function duplicateTokenProblems(tokens: readonly ApiTokenHash[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const hashes = new Map<string, string>();
  for (const token of tokens) {
    if (names.has(token.name)) problems.push(`API tokens: the name "${token.name}" is used twice`);
    names.add(token.name);
    const other = hashes.get(token.sha256);
    if (other !== undefined)
      problems.push(`API tokens: "${other}" and "${token.name}" have the same token`);
    hashes.set(token.sha256, token.name);
  }
  return problems;
}
