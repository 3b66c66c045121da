/**
 * A minimal, bounded MIME walk (RFC 2045/2046): finds the entities and their byte ranges
 * without decoding bodies. Truncated multiparts (no close delimiter) end at the end of the
 * input; depth and part count are capped so hostile nesting cannot make it slow.
 */
import { HeaderList, findHeaderEnd, parseHeaderBlock, parseStructured } from './headers.js';

export interface MimePart {
  headers: HeaderList;
  /** Lower-cased media type; RFC 2045 §5.2 default text/plain (message/rfc822 in a digest). */
  type: string;
  params: Record<string, string>;
  bodyStart: number;
  bodyEnd: number;
  depth: number;
  /** True for entities inside an attached original message (message/rfc822 content). */
  inOriginal: boolean;
}

export interface MimeTree {
  headers: HeaderList;
  type: string;
  params: Record<string, string>;
  /** Leaves, message/* containers and multipart originals, in document order. */
  parts: MimePart[];
}

export interface WalkLimits {
  maxDepth: number;
  maxParts: number;
}

const DEFAULT_LIMITS: WalkLimits = { maxDepth: 6, maxParts: 120 };

/** A header field name and colon, or an mbox "From " line, opens the message. */
function startsWithField(s: string): boolean {
  const head = s.slice(0, 200);
  return /^(?:[!-9;-~]+[ \t]*:|From |\r?\n)/.test(head);
}

/** Walks a whole message given as a binary (latin1) string. */
export function walkMime(s: string, limits: WalkLimits = DEFAULT_LIMITS): MimeTree {
  const parts: MimePart[] = [];
  // A report stored without its header block (its first line names no field): all body.
  const { end, bodyStart } = startsWithField(s) ? findHeaderEnd(s, 0) : { end: 0, bodyStart: 0 };
  const headers = parseHeaderBlock(s.slice(0, end));
  const ct = parseStructured(headers.raw('content-type'));
  const type = ct.value || 'text/plain';
  const root: MimePart = {
    headers,
    type,
    params: ct.params,
    bodyStart,
    bodyEnd: s.length,
    depth: 0,
    inOriginal: false,
  };
  descend(s, root, parts, limits);
  return { headers, type, params: ct.params, parts };
}

function descend(s: string, part: MimePart, out: MimePart[], limits: WalkLimits): void {
  if (out.length >= limits.maxParts) return;
  if (part.type.startsWith('multipart/') && part.depth < limits.maxDepth) {
    const boundary = part.params['boundary'];
    const ranges = boundary ? splitMultipart(s, part.bodyStart, part.bodyEnd, boundary) : [];
    if (ranges.length > 0) {
      const digest = part.type === 'multipart/digest';
      for (const [start, end] of ranges) {
        if (out.length >= limits.maxParts) return;
        descend(
          s,
          entityAt(s, start, end, part, digest ? 'message/rfc822' : 'text/plain'),
          out,
          limits,
        );
      }
      return;
    }
    // A multipart whose boundary never occurs is read as the text it really is.
    out.push({ ...part, type: 'text/plain' });
    return;
  }
  out.push(part);
  const isMessage =
    part.type === 'message/rfc822' ||
    part.type === 'message/global' ||
    part.type === 'message/partial';
  if (isMessage && part.depth < limits.maxDepth && part.bodyStart < part.bodyEnd) {
    const encoding = (part.headers.raw('content-transfer-encoding') ?? '').toLowerCase();
    // An encoded message/rfc822 body (not allowed by RFC 2046 §5.2.1, seen anyway) is left as is.
    if (encoding.includes('base64') || encoding.includes('quoted')) return;
    const inner = entityAt(s, part.bodyStart, part.bodyEnd, part, 'text/plain');
    inner.inOriginal = true;
    // A multipart original is listed too, so that its own header block (From, To,
    // Message-ID) stays reachable right after the message/* container.
    if (inner.type.startsWith('multipart/') && out.length < limits.maxParts) out.push({ ...inner });
    descend(s, inner, out, limits);
  }
}

function entityAt(
  s: string,
  start: number,
  end: number,
  parent: MimePart,
  defaultType: string,
): MimePart {
  const h = findHeaderEnd(s, start);
  const headerEnd = Math.min(h.end, end);
  const headers = parseHeaderBlock(s.slice(start, headerEnd));
  const ct = parseStructured(headers.raw('content-type'));
  return {
    headers,
    type: ct.value || defaultType,
    params: ct.params,
    bodyStart: Math.min(h.bodyStart, end),
    bodyEnd: end,
    depth: parent.depth + 1,
    inOriginal: parent.inOriginal,
  };
}

/** Byte ranges of the body parts between `--boundary` delimiter lines (RFC 2046 §5.1.1). */
export function splitMultipart(
  s: string,
  start: number,
  end: number,
  boundary: string,
): Array<[number, number]> {
  const delimiter = '--' + boundary;
  const ranges: Array<[number, number]> = [];
  let partStart = -1;
  let pos = start;
  while (pos < end) {
    const at = s.indexOf(delimiter, pos);
    if (at < 0 || at >= end) break;
    const atLineStart = at === start || s.charCodeAt(at - 1) === 0x0a;
    pos = at + delimiter.length;
    if (!atLineStart) continue;
    const isClose = s.startsWith('--', pos);
    if (partStart >= 0) {
      let partEnd = at;
      if (s.charCodeAt(partEnd - 1) === 0x0a) partEnd--;
      if (s.charCodeAt(partEnd - 1) === 0x0d) partEnd--;
      ranges.push([partStart, Math.max(partStart, partEnd)]);
    }
    if (isClose) return ranges;
    const eol = s.indexOf('\n', pos);
    partStart = eol < 0 || eol >= end ? end : eol + 1;
  }
  if (partStart >= 0 && partStart < end) ranges.push([partStart, end]);
  return ranges;
}
