/**
 * Any supported file as a stream of rows: CSV (header line first), JSONL (one object a line)
 * or one JSON document (the `SuppressedDestinationSummaries` page Amazon SES's
 * ListSuppressedDestinations returns, or a plain array). Keys are folded (lower case, no
 * spaces, `_` or `-`) so `EmailAddress`, `email_address` and `Email address` read alike.
 */
import { AppError } from '../errors.js';
import { readCsvRecords } from './csv-records.js';

export type SourceSyntax = 'csv' | 'jsonl' | 'json';

export interface SourceRow {
  line: number;
  values: Map<string, string>;
}

/** A row that could not be read at all (bad JSON on one line): reported, not fatal. */
export interface SourceRowError {
  line: number;
  error: string;
}

/** One JSON document is read whole; this caps it (a JSONL or CSV file has no cap). */
const MAX_JSON_DOCUMENT_CHARS = 64 * 1024 * 1024;
/** The keys under which known JSON documents hold their rows. */
const DOCUMENT_ROW_KEYS = ['suppresseddestinationsummaries', 'suppressions', 'items', 'result'];

export function foldKey(key: string): string {
  return key
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');
}

/**
 * Reads the rows. `syntax` forces one; by default the first non-blank character decides:
 * `{` or `[` is JSON (JSONL when the first line is a whole object), anything else CSV.
 */
export async function* readSourceRows(
  chunks: AsyncIterable<string>,
  syntax?: SourceSyntax,
): AsyncGenerator<SourceRow | SourceRowError> {
  const peeked = await peek(chunks);
  const chosen = syntax ?? detectSyntax(peeked.head);
  if (chosen === 'csv') yield* csvRows(peeked.all);
  else if (chosen === 'jsonl') yield* jsonlRows(peeked.all);
  else yield* jsonDocumentRows(peeked.all);
}

function detectSyntax(head: string): SourceSyntax {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'json';
  if (!text.startsWith('{')) return 'csv';
  const firstLine = text.split('\n', 1)[0] ?? '';
  try {
    JSON.parse(firstLine);
    return 'jsonl';
  } catch {
    return 'json';
  }
}

/** Reads chunks until a first line is seen (or 64 KiB), and returns them with the rest. */
async function peek(chunks: AsyncIterable<string>) {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let head = '';
  while (!head.trimStart().includes('\n') && head.length < 65_536) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    head += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: all() };
}

async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<SourceRow> {
  let header: string[] | undefined;
  for await (const record of readCsvRecords(chunks)) {
    if (!header) {
      header = record.fields.map(foldKey);
      continue;
    }
    const values = new Map<string, string>();
    header.forEach((key, i) => {
      const value = record.fields[i];
      if (key !== '' && value !== undefined) values.set(key, value.trim());
    });
    yield { line: record.line, values };
  }
}

async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    rest += chunk;
    let end = rest.indexOf('\n');
    let start = 0;
    while (end >= 0) {
      yield rest.slice(start, end);
      start = end + 1;
      end = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
    if (rest.length > MAX_JSON_DOCUMENT_CHARS) {
      throw new AppError('IMPORT_MALFORMED', 'a JSONL line is longer than 64 MiB');
    }
  }
  if (rest !== '') yield rest;
}

async function* jsonlRows(
  chunks: AsyncIterable<string>,
): AsyncGenerator<SourceRow | SourceRowError> {
  let line = 0;
  for await (const text of lines(chunks)) {
    line++;
    const trimmed = text.trim();
    if (trimmed === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      yield { line, error: 'not a JSON object' };
      continue;
    }
    if (!isObject(parsed)) yield { line, error: 'not a JSON object' };
    else yield { line, values: objectValues(parsed) };
  }
}

async function* jsonDocumentRows(
  chunks: AsyncIterable<string>,
): AsyncGenerator<SourceRow | SourceRowError> {
  let text = '';
  for await (const chunk of chunks) {
    text += chunk;
    if (text.length > MAX_JSON_DOCUMENT_CHARS) {
      throw new AppError('IMPORT_MALFORMED', 'a JSON document over 64 MiB: send JSONL instead');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('IMPORT_MALFORMED', `not JSON: ${(error as Error).message}`);
  }
  const rows = Array.isArray(parsed) ? parsed : documentRows(parsed);
  if (!rows) throw new AppError('IMPORT_MALFORMED', 'a JSON document without a list of rows');
  // A document has no useful line numbers; the row's position (1-based) stands in for one.
  for (const [index, row] of rows.entries()) {
    if (isObject(row)) yield { line: index + 1, values: objectValues(row) };
    else yield { line: index + 1, error: 'not a JSON object' };
  }
}

function documentRows(parsed: unknown): unknown[] | undefined {
  if (!isObject(parsed)) return undefined;
  for (const [key, value] of Object.entries(parsed)) {
    if (DOCUMENT_ROW_KEYS.includes(foldKey(key)) && Array.isArray(value)) return value;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectValues(object: Record<string, unknown>): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(object)) {
    if (value === null || value === undefined) continue;
    const text = Array.isArray(value)
      ? value.map(String).join(',')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
    values.set(foldKey(key), text.trim());
  }
  return values;
}
