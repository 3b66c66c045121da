/**
 * Byte → text decoding with damaged or missing charsets. Mail in the wild labels
 * Shift_JIS as ISO-2022-JP, sends raw 8-bit headers (RFC 6532 or just broken), or names
 * no charset at all; none of that may throw.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import libmime from 'libmime';

const ESC_JIS = /\x1b\$[@B]|\x1b\(J/;
// eslint-disable-next-line no-control-regex
const EIGHT_BIT = /[\x80-\xff]/;

/** Decodes bytes in `charset`; guesses when the charset is missing, unknown or wrong. */
export function decodeBytes(buf: Buffer, charset?: string): string {
  const cs = (charset ?? '')
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  const hasEsc = buf.includes(0x1b);
  try {
    if (cs && cs !== 'us-ascii' && cs !== 'utf-8' && cs !== 'utf8' && cs !== 'ascii') {
      // A Japanese label on non-JIS bytes is common: fall back on the byte pattern.
      if (/2022-jp/.test(cs)) {
        if (hasEsc || isUtf8(buf)) return decodeIso2022Jp(buf);
        return isEucJp(buf) ? iconv.decode(buf, 'euc-jp') : iconv.decode(buf, 'cp932');
      }
      const known = decoderName(cs);
      return known ? iconv.decode(buf, known) : guessLegacy(buf);
    }
    if (isUtf8(buf)) {
      if (hasEsc && ESC_JIS.test(buf.toString('latin1'))) return decodeIso2022Jp(buf);
      return buf.toString('utf8');
    }
    return guessLegacy(buf);
  } catch {
    return buf.toString('latin1');
  }
}

/**
 * Labels whose bytes are in practice the vendor superset (WHATWG Encoding §4.2): Japanese
 * carriers' "Shift_JIS" carries NEC/IBM extensions (CP932), "GB2312" carries GBK, Korean
 * "EUC-KR" carries UHC (CP949), "ISO-8859-1" carries Windows-1252.
 */
const SUPERSET: Readonly<Record<string, string>> = {
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'euc-cn': 'gb18030',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
};

/** The iconv-lite decoder for a MIME charset label, or undefined when it knows none. */
function decoderName(label: string): string | undefined {
  const name = SUPERSET[label] ?? label;
  return iconv.encodingExists(name) ? name : undefined;
}

/**
 * ISO-2022-JP (RFC 1468) via EUC-JP: in the JIS X 0208 mode each byte gets the high bit,
 * half-width katakana (ESC ( I, a common extension) gets the SS2 prefix. Done here
 * because the charset libraries here do not decode ISO-2022-JP under that name.
 */
export function decodeIso2022Jp(buf: Buffer): string {
  const out: number[] = [];
  let mode: 'ascii' | 'kanji' | 'kana' = 'ascii';
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] ?? 0;
    if (b === 0x1b) {
      const a = buf[i + 1];
      const c = buf[i + 2];
      if (a === 0x24 && (c === 0x42 || c === 0x40)) mode = 'kanji';
      else if (a === 0x28 && c === 0x49) mode = 'kana';
      else if (a === 0x28) mode = 'ascii';
      i += 2;
      continue;
    }
    if (b === 0x0a || b === 0x0d) {
      mode = mode === 'kana' ? 'ascii' : mode;
      out.push(b);
    } else if (mode === 'kanji' && b > 0x20 && b < 0x7f) out.push(b | 0x80);
    else if (mode === 'kana' && b > 0x20 && b < 0x60) out.push(0x8e, b | 0x80);
    else out.push(b);
  }
  return iconv.decode(Buffer.from(out), 'euc-jp');
}

/**
 * True when every 8-bit byte of the first 4 KiB forms an EUC-JP character (two bytes in
 * A1–FE, or 8E + a half-width kana). Shift_JIS text almost always has a trail byte below
 * 0xA1 somewhere, so a clean run is EUC-JP (old au/ezweb notices label it ISO-2022-JP).
 */
function isEucJp(buf: Buffer): boolean {
  let pairs = 0;
  for (let i = 0; i < buf.length && i < 4096; i++) {
    const b = buf[i] ?? 0;
    if (b < 0x80) continue;
    const next = buf[i + 1] ?? 0;
    if (
      b === 0x8e
        ? next >= 0xa1 && next <= 0xdf
        : b >= 0xa1 && b <= 0xfe && next >= 0xa1 && next <= 0xfe
    ) {
      pairs++;
      i++;
      continue;
    }
    // A cut at the 4 KiB boundary is no evidence either way.
    if (i + 1 >= 4096) break;
    return false;
  }
  return pairs > 0;
}

/** No usable charset and not UTF-8: EUC-JP or Shift_JIS when the bytes fit, else Latin-1. */
function guessLegacy(buf: Buffer): string {
  if (isEucJp(buf)) return iconv.decode(buf, 'euc-jp');
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
  if (sjis > 0 && sjis >= other) return iconv.decode(buf, 'cp932');
  return buf.toString('latin1');
}

/** More than any subject or name a reader looks at; the rest of a hostile value is not decoded. */
const MAX_HEADER_TEXT = 16 * 1024;

/** Header text (binary string): 8-bit bytes decoded, RFC 2047 encoded words decoded. */
export function decodeHeaderText(raw: string): string {
  const binary = raw.length > MAX_HEADER_TEXT ? raw.slice(0, MAX_HEADER_TEXT) : raw;
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
