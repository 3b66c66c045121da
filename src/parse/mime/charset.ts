/**
 * Byte → text decoding with damaged or missing charsets. Mail in the wild labels
 * Shift_JIS as ISO-2022-JP, sends raw 8-bit headers (RFC 6532 or just broken), or names
 * no charset at all; none of that may throw.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import libmime from 'libmime';

const ESC_JIS = /\x1b\$[@B]|\x1b\(J/;
// eslint-disable-next-line no-control-regex
const EIGHT_BIT = /[\x80-\xff]/;

/** Decodes bytes in `charset`; guesses when the charset is missing, unknown or wrong. */
export function decodeBytes(buf: Buffer, charset?: string): string {
  const cs = (charset ?? '').trim().toLowerCase().replace(/^["']|["']$/g, '');
  const hasEsc = buf.includes(0x1b);
  try {
    if (cs && cs !== 'us-ascii' && cs !== 'utf-8' && cs !== 'utf8' && cs !== 'ascii') {
      // A Japanese label on non-JIS bytes is common: fall back on the byte pattern.
      if (/2022-jp/.test(cs) && !hasEsc && !isUtf8(buf)) return libmime.decode(buf, 'shift_jis');
      return libmime.decode(buf, cs);
    }
    if (isUtf8(buf)) {
      if (hasEsc && ESC_JIS.test(buf.toString('latin1'))) return libmime.decode(buf, 'iso-2022-jp');
      return buf.toString('utf8');
    }
    return guessLegacy(buf);
  } catch {
    return buf.toString('latin1');
  }
}

/** No usable charset and not UTF-8: Shift_JIS when the lead bytes fit, else Latin-1. */
function guessLegacy(buf: Buffer): string {
  let sjis = 0;
  let other = 0;
  for (let i = 0; i < buf.length && i < 4096; i++) {
    const b = buf[i] ?? 0;
    if (b < 0x80) continue;
    const next = buf[i + 1] ?? 0;
    if (((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) && next >= 0x40 && next <= 0xfc) {
      sjis++;
      i++;
    } else other++;
  }
  if (sjis > 0 && sjis >= other) return libmime.decode(buf, 'shift_jis');
  return buf.toString('latin1');
}

/** Header text (binary string): 8-bit bytes decoded, RFC 2047 encoded words decoded. */
export function decodeHeaderText(binary: string): string {
  let text = binary;
  if (EIGHT_BIT.test(binary) || binary.includes('\x1b')) {
    text = decodeBytes(Buffer.from(binary, 'latin1'));
  }
  if (!text.includes('=?')) return text;
  try {
    return libmime.decodeWords(text);
  } catch {
    return text;
  }
}
