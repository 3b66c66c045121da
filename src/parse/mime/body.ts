/**
 * Content-Transfer-Encoding (RFC 2045 §6) and charset decoding of one part's body,
 * capped in size: a bounce's useful text is at the top, attachments are never read whole.
 */
import { Buffer } from 'node:buffer';
import { decodeBytes } from './charset.js';
import type { MimePart } from './walk.js';

/** Default cap on the bytes of one part that are decoded. */
export const MAX_PART_BYTES = 256 * 1024;

/** Decodes quoted-printable (RFC 2045 §6.7), tolerating bad escapes and soft breaks. */
export function decodeQuotedPrintable(binary: string): Buffer {
  const out = Buffer.allocUnsafe(binary.length);
  let n = 0;
  for (let i = 0; i < binary.length; i++) {
    const c = binary.charCodeAt(i);
    if (c === 0x3d) {
      const a = binary.charCodeAt(i + 1);
      if (a === 0x0d && binary.charCodeAt(i + 2) === 0x0a) {
        i += 2;
        continue;
      }
      if (a === 0x0a) {
        i += 1;
        continue;
      }
      const hex = binary.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[n++] = parseInt(hex, 16);
        i += 2;
        continue;
      }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

/** The raw body bytes of a part with its transfer encoding removed. */
export function partBytes(s: string, part: MimePart, maxBytes = MAX_PART_BYTES): Buffer {
  const end = Math.min(part.bodyEnd, part.bodyStart + maxBytes);
  const body = s.slice(part.bodyStart, end);
  const encoding = (part.headers.raw('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

/** The decoded text of a part, line ends normalized to LF. */
export function partText(s: string, part: MimePart, maxBytes = MAX_PART_BYTES): string {
  const text = decodeBytes(partBytes(s, part, maxBytes), part.params['charset']);
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Removes each `<...>` (a `<` to the first `>` after it). A scan, not `/<[^>]*>/g`, which
 * rescans to the end from every `<` when no `>` follows (quadratic on a run of `<`).
 */
function dropTags(html: string): string {
  let out = '';
  let pos = 0;
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', pos)) {
    const close = html.indexOf('>', open);
    if (close < 0) break;
    out += html.slice(pos, open);
    pos = close + 1;
  }
  return out + html.slice(pos);
}

const SCRIPT_OPEN = /<(script|style)/gi;

/** `<script ...>...</script>` and `<style>` blocks; an unclosed one is left to dropTags. */
function dropScripts(html: string): string {
  let out = '';
  let pos = 0;
  const unclosed = new Set<string>();
  SCRIPT_OPEN.lastIndex = 0;
  for (let m = SCRIPT_OPEN.exec(html); m; m = SCRIPT_OPEN.exec(html)) {
    const name = (m[1] ?? '').toLowerCase();
    const tagEnd = html.indexOf('>', m.index);
    if (tagEnd < 0) break;
    // Once a tag has no closing one ahead, no later one of that name has either.
    const closing = unclosed.has(name) ? null : new RegExp(`</${name}>`, 'gi');
    if (closing) closing.lastIndex = tagEnd + 1;
    const close = closing?.exec(html);
    if (!close) {
      unclosed.add(name);
      SCRIPT_OPEN.lastIndex = m.index + 1;
      continue;
    }
    out += html.slice(pos, m.index);
    pos = close.index + close[0].length;
    SCRIPT_OPEN.lastIndex = pos;
  }
  return out + html.slice(pos);
}

/** Crude text from HTML: tags dropped, common entities decoded, blocks become lines. */
export function htmlToText(html: string): string {
  return dropTags(dropScripts(html).replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n'))
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d) & 0xffff))
    .replace(/&amp;/g, '&')
    .replace(/(?<![ \t])[ \t]+\n/g, '\n');
}
