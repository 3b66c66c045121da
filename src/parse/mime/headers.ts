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
  const lf = s.indexOf('\n\n', start);
  const crlf = s.indexOf('\n\r\n', start);
  if (lf < 0 && crlf < 0) return { end: s.length, bodyStart: s.length };
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { end: crlf + 1, bodyStart: crlf + 3 };
  return { end: lf + 1, bodyStart: lf + 2 };
}

const FIELD_NAME = /^[!-9;-~]+$/;

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
      current.value += ' ' + line.trim();
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
    current = { name, value: line.slice(colon + 1).trim() };
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
  const params: Record<string, string> = {};
  if (semi >= 0) {
    const re = /;?\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"?|([^;]*))/g;
    const rest = raw.slice(semi);
    let m: RegExpExecArray | null;
    while ((m = re.exec(rest)) !== null) {
      const key = (m[1] ?? '').toLowerCase().replace(/\*$/, '');
      const val = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
      if (!(key in params)) params[key] = val;
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return { value, params };
}
