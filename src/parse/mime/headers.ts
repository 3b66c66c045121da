/**
 * RFC 5322 §2.2 header fields: unfolding, lookup, RFC 2047 encoded-word decoding.
 * Works on "binary strings" (one char per byte, latin1) so offsets match the raw bytes.
 */
import { decodeHeaderText } from './charset.js';

/** One header field; `value` is unfolded but not decoded. */
export interface HeaderField {
  name: string;
  value: string;
}

/** The header fields of one entity, in order, with lower-cased names for lookup. */
export class HeaderList {
  readonly fields: HeaderField[];
  private readonly index = new Map<string, string[]>();

  constructor(fields: HeaderField[]) {
    this.fields = fields;
    for (const f of fields) {
      const key = f.name.toLowerCase();
      const list = this.index.get(key);
      if (list) list.push(f.value);
      else this.index.set(key, [f.value]);
    }
  }

  has(name: string): boolean {
    return this.index.has(name.toLowerCase());
  }

  /** Raw (unfolded, undecoded) first value. */
  raw(name: string): string | undefined {
    return this.index.get(name.toLowerCase())?.[0];
  }

  all(name: string): string[] {
    return this.index.get(name.toLowerCase()) ?? [];
  }

  /** First value with RFC 2047 encoded words and 8-bit bytes decoded. */
  text(name: string): string | undefined {
    const v = this.raw(name);
    return v === undefined ? undefined : decodeHeaderText(v);
  }
}

/** Offset of the blank line ending the header block, and where the body starts. */
export function findHeaderEnd(s: string, start = 0): { end: number; bodyStart: number } {
  // A body may follow immediately when the header block is empty.
  if (s.startsWith('\r\n', start)) return { end: start, bodyStart: start + 2 };
  if (s.startsWith('\n', start)) return { end: start, bodyStart: start + 1 };
  // Line by line to the first blank one: searching the whole rest for "\n\r\n" read to the
  // end of the message for every entity of an LF-only one (quadratic in parts).
  for (let pos = start; ;) {
    const nl = s.indexOf('\n', pos);
    if (nl < 0) return { end: s.length, bodyStart: s.length };
    if (s.charCodeAt(nl + 1) === 0x0a) return { end: nl + 1, bodyStart: nl + 2 };
    if (s.charCodeAt(nl + 1) === 0x0d && s.charCodeAt(nl + 2) === 0x0a)
      return { end: nl + 1, bodyStart: nl + 3 };
    pos = nl + 1;
  }
}

const FIELD_NAME = /^[!-9;-~]+$/;

/** Longer than any header a reader needs (RFC 5322 §2.1.1 says 998 per line); the rest is not kept. */
const MAX_VALUE_CHARS = 64 * 1024;

/**
 * Parses a header block (binary string). Continuation lines (RFC 5322 §2.2.3) are joined
 * with one space; lines that are neither a field nor a continuation are skipped.
 */
export function parseHeaderBlock(block: string, maxFields = 500): HeaderList {
  const fields: HeaderField[] = [];
  const lines = block.split(/\r?\n/);
  let current: HeaderField | undefined;
  for (const line of lines) {
    if (line.length === 0) continue;
    const first = line.charCodeAt(0);
    if ((first === 0x20 || first === 0x09) && current) {
      if (current.value.length < MAX_VALUE_CHARS) current.value += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      current = undefined;
      continue;
    }
    const name = line.slice(0, colon).trimEnd();
    if (!FIELD_NAME.test(name)) {
      current = undefined;
      continue;
    }
    if (fields.length >= maxFields) break;
    const value = line.slice(colon + 1, colon + 1 + MAX_VALUE_CHARS).trim();
    current = { name, value };
    fields.push(current);
  }
  return new HeaderList(fields);
}

/** A structured value like `multipart/report; report-type=delivery-status; boundary="x"`. */
export interface StructuredValue {
  value: string;
  params: Record<string, string>;
}

/** Parses a Content-Type-like value with RFC 2045 §5.1 parameters (quoted or not). */
export function parseStructured(raw: string | undefined): StructuredValue {
  if (!raw) return { value: '', params: {} };
  // A value folded without its `;` ("text/plain\n  charset=x", seen in old Japanese MTAs)
  // still ends at the first blank: the media type is one token.
  const head = /^\s*[^\s;]*/.exec(raw)?.[0] ?? '';
  const semi =
    raw.indexOf(';') >= 0 ? raw.indexOf(';') : /\S\s+\S/.test(raw.trim()) ? head.length : -1;
  const value = (semi < 0 ? raw : raw.slice(0, semi)).trim().toLowerCase();
  return { value, params: semi >= 0 ? parseParams(raw.slice(semi)) : {} };
}

const SPACE = /\s/;

/**
 * `; name=value; name="quoted \" value"` → params, first occurrence wins. A scan rather than
 * a regex: a name that never meets its `=` made the regex rescan the rest from every
 * character (a 100 KB Content-Type took 24 s, issue 15). Reads as the regex did: the name is
 * the run of non-blank, non-`=;` characters right before `=` (blanks allowed between).
 */
function parseParams(rest: string): Record<string, string> {
  const params: Record<string, string> = {};
  let pos = 0;
  while (pos < rest.length) {
    const eq = rest.indexOf('=', pos);
    if (eq < 0) break;
    let keyEnd = eq;
    while (keyEnd > pos && SPACE.test(rest.charAt(keyEnd - 1))) keyEnd--;
    let keyStart = keyEnd;
    while (keyStart > pos && !/[\s=;]/.test(rest.charAt(keyStart - 1))) keyStart--;
    if (keyStart === keyEnd) {
      pos = eq + 1;
      continue;
    }
    let at = eq + 1;
    while (at < rest.length && SPACE.test(rest.charAt(at))) at++;
    let val: string;
    if (rest.charAt(at) === '"') {
      const { text, end } = quotedString(rest, at + 1);
      val = text;
      pos = end;
    } else {
      const semi = rest.indexOf(';', at);
      const end = semi < 0 ? rest.length : semi;
      val = rest.slice(eq + 1, end).trim();
      pos = end;
    }
    const key = rest.slice(keyStart, keyEnd).toLowerCase().replace(/\*$/, '');
    if (!(key in params)) params[key] = val;
  }
  return params;
}

/** RFC 2045 quoted-string from just after its opening quote; an unclosed one runs to the end. */
function quotedString(s: string, from: number): { text: string; end: number } {
  let text = '';
  let i = from;
  while (i < s.length) {
    const c = s.charAt(i);
    if (c === '"') return { text, end: i + 1 };
    if (c === '\\') {
      const next = s.charAt(i + 1);
      // A backslash before a line end (or at the end) closes the value, as `\\.` did.
      if (next === '' || next === '\n' || next === '\r' || next === '\u2028' || next === '\u2029')
        return { text, end: i };
      text += next;
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  return { text, end: i };
}
