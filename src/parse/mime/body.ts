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
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

/** The decoded text of a part, line ends normalized to LF. */
export function partText(s: string, part: MimePart, maxBytes = MAX_PART_BYTES): string {
  const text = decodeBytes(partBytes(s, part, maxBytes), part.params['charset']);
  return text.replace(/\r\n?/g, '\n');
}

/** Crude text from HTML: tags dropped, common entities decoded, blocks become lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d) & 0xffff))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n');
}
