/**
 * The read-only view of one inbound message that every reader works on: top-level
 * headers, MIME parts, and lazily decoded texts. Nothing is decoded until a reader asks.
 */
import { Buffer } from 'node:buffer';
import { MAX_PART_BYTES, htmlToText, partText } from './mime/body.js';
import { HeaderList, findHeaderEnd, parseHeaderBlock } from './mime/headers.js';
import { walkMime, type MimePart, type MimeTree } from './mime/walk.js';

const ORIGINAL_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'text/rfc822-header', // a common misspelling in FBL reports
  'message/global-headers',
]);

export class Mail {
  readonly source: string;
  readonly tree: MimeTree;
  readonly headers: HeaderList;
  private bodyCache: string | undefined;
  private originalCache: HeaderList | null | undefined;

  constructor(raw: Buffer) {
    this.source = raw.toString('latin1');
    this.tree = walkMime(this.source);
    this.headers = this.tree.headers;
  }

  get subject(): string {
    return this.headers.text('subject') ?? '';
  }

  get from(): string {
    return this.headers.text('from') ?? '';
  }

  /** Top-level parts, i.e. not inside an attached original message. */
  get ownParts(): MimePart[] {
    return this.tree.parts.filter((p) => !p.inOriginal);
  }

  /** The first own part of one of the given media types. */
  part(...types: string[]): MimePart | undefined {
    return this.ownParts.find((p) => types.includes(p.type));
  }

  text(part: MimePart, maxBytes = MAX_PART_BYTES): string {
    const text = partText(this.source, part, maxBytes);
    return part.type === 'text/html' ? htmlToText(text) : text;
  }

  /**
   * The human-readable text of the bounce: the first own text/plain part (text/html when
   * there is none), or the body of a single-part message. Capped in size.
   */
  get body(): string {
    if (this.bodyCache !== undefined) return this.bodyCache;
    const own = this.ownParts;
    const plain = own.find((p) => p.type === 'text/plain' && !isAttachment(p));
    const html = own.find((p) => p.type === 'text/html' && !isAttachment(p));
    const first = plain ?? html;
    this.bodyCache = first ? this.text(first) : '';
    return this.bodyCache;
  }

  /** All own text parts' text joined (for formats that split their message over parts). */
  get allText(): string {
    const own = this.ownParts.filter(
      (p) => p.type.startsWith('text/') && p.type !== 'text/rfc822-headers',
    );
    return own.map((p) => this.text(p, 64 * 1024)).join('\n');
  }

  /**
   * Headers of the original message: an attached message/rfc822 or text/rfc822-headers
   * part, or else a header block quoted inside the bounce text.
   */
  get originalHeaders(): HeaderList | undefined {
    if (this.originalCache !== undefined) return this.originalCache ?? undefined;
    this.originalCache = this.findOriginalHeaders() ?? null;
    return this.originalCache ?? undefined;
  }

  private findOriginalHeaders(): HeaderList | undefined {
    const parts = this.tree.parts;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (!p || p.inOriginal || !ORIGINAL_TYPES.has(p.type)) continue;
      if (p.type === 'message/rfc822' || p.type === 'message/global') {
        const inner = parts[i + 1];
        if (inner?.inOriginal) return inner.headers;
      }
      const text = this.text(p, 64 * 1024);
      const { end } = findHeaderEnd(text, text.search(/\S/) < 0 ? 0 : text.search(/\S/));
      return parseHeaderBlock(Buffer.from(text.slice(0, end), 'utf8').toString('latin1'));
    }
    return quotedHeaders(this.body);
  }
}

function isAttachment(p: MimePart): boolean {
  return /^\s*attachment/i.test(p.headers.raw('content-disposition') ?? '');
}

const QUOTED_HEADER_START =
  /^(?:[ >]*)(Return-Path|Received|Message-ID|From|To|Subject|Date|DKIM-Signature|MIME-Version|X-[\w-]+):[ \t]/im;

/** A header block quoted in the text (qmail, Exim, many Japanese MTAs append it inline). */
function quotedHeaders(text: string): HeaderList | undefined {
  const m = QUOTED_HEADER_START.exec(text);
  if (!m) return undefined;
  const rest = text
    .slice(m.index)
    .replace(/^ *>+ ?/gm, '')
    .replace(/^ +(?=[\w-]+: )/gm, '');
  const { end } = findHeaderEnd(rest, 0);
  const headers = parseHeaderBlock(Buffer.from(rest.slice(0, end), 'utf8').toString('latin1'));
  return headers.fields.length >= 2 ? headers : undefined;
}
