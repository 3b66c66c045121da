/** Finding e-mail addresses in free text and in DSN address fields. */
import { hasSingleAt, normalizeEmail } from '../../core/address.js';

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-\\u0080-\\uffff]";
// IDN labels may hold letters of any script, but not CJK punctuation or ideographs:
// those are the text that runs on after an address in Japanese and Chinese bounces.
const DCHAR = 'A-Za-z0-9\\u00a1-\\u2fff\\ua000-\\ud7ff';
const DOMAIN = `(?:\\[[0-9A-Fa-f:.]+\\]|[${DCHAR}](?:[${DCHAR}.-]*[${DCHAR}])?)`;
const QUOTED_LOCAL = '"[^"\\r\\n]{1,64}"';

/**
 * An addr-spec anywhere in text (local part atext or quoted, domain with a dot or literal).
 * Never the tail of a longer token: a local part starts where its run of atext does and the
 * domain is not followed by another `@`, so `a@b@c@example.org` yields nothing rather than
 * `c@example.org`, and a local part over 64 characters is not cut to its last 64.
 */
export const ADDRESS_SOURCE = `(?:${QUOTED_LOCAL}|(?<!${ATEXT.slice(0, -1)}@])${ATEXT}{1,64})@${DOMAIN}(?![${DCHAR}@])`;
const ADDRESS_RE = new RegExp(ADDRESS_SOURCE, 'g');
const ANGLE_RE = new RegExp(`<\\s*(?:mailto:)?(${ADDRESS_SOURCE})\\s*>`, 'i');

/** Cleans one candidate: trailing punctuation, leading dots and quotes around the whole. */
function tidy(candidate: string): string {
  return candidate
    .replace(/^[.'`]+/, '')
    .replace(/[.,;:'`)\]}>]+$/, '')
    .replace(/^"([^"@]*)"$/, '$1');
}

function plausible(addr: string): boolean {
  const at = addr.lastIndexOf('@');
  if (at <= 0 || !hasSingleAt(addr)) return false;
  const domain = addr.slice(at + 1);
  return domain.includes('.') || domain.startsWith('[') || domain === 'localhost';
}

/** The first address in text, preferring one in angle brackets. */
export function findAddress(text: string): string | undefined {
  const angle = ANGLE_RE.exec(text);
  if (angle?.[1] && plausible(tidy(angle[1]))) return tidy(angle[1]);
  return findAllAddresses(text)[0];
}

/** Every plausible address in text, in order, without duplicates. */
export function findAllAddresses(text: string, limit = 50): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  ADDRESS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ADDRESS_RE.exec(text)) !== null && out.length < limit) {
    const addr = tidy(m[0]);
    const key = addr.toLowerCase();
    if (plausible(addr) && !seen.has(key)) {
      seen.add(key);
      out.push(addr);
    }
  }
  return out;
}

/** RFC 3461 §4 xtext (`+40`) and RFC 6533 §3 unitext (`\x{40}`) decoding. */
export function decodeXtext(value: string): string {
  return value
    .replace(/\+([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (_, h: string) =>
      String.fromCodePoint(parseInt(h, 16) % 0x110000),
    );
}

/**
 * The address of a DSN address field such as `rfc822; user@example.org` or
 * `utf-8; us\x{E9}r@example.org` (RFC 3464 §2.3.2, RFC 6533 §3); undefined when none.
 */
export function dsnAddress(field: string | undefined): string | undefined {
  if (!field) return undefined;
  const semi = field.indexOf(';');
  const type = semi > 0 ? field.slice(0, semi).trim().toLowerCase() : '';
  let value = semi > 0 && /^[a-z0-9-]+$/.test(type) ? field.slice(semi + 1) : field;
  // Exchange encapsulates foreign addresses as IMCEA<type>-<xtext>@<its domain>; an
  // encapsulated SMTP address is the recipient itself.
  const smtp = /^<?\s*IMCEASMTP-([^@\s]+)@/i.exec(value.trim());
  value = decodeXtext(smtp?.[1] ?? value.trim());
  // RFC 5321 §4.1.2 source route (`@relay:user@host`, Sun/Oracle Messaging Server): the
  // mailbox is after the colon; without a routable domain the field names no address.
  value = value.replace(/^<?\s*@[^:\s]+(?:,\s*@[^:\s]+)*:/, '');
  const found = findAddress(value);
  if (found) return found;
  const bare = value.replace(/^<|>$/g, '').trim();
  return bare.includes('@') && !/\s/.test(bare) && plausible(bare) ? bare : undefined;
}

export interface NormalizeOptions {
  lowercaseLocalPart: boolean;
}

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** True for a DSN address field holding Exchange's X.500 encapsulation (IMCEAEX-_o=Org...). */
export function isEncapsulatedX500(field: string | undefined): boolean {
  return /^(?:[\w-]+;)?\s*<?IMCEAEX-/i.test(field ?? '');
}

/** normalizeEmail, plus dropping a stray `mailto:` or quotes the MTA left around it. */
export function normalizeRecipient(addr: string, options: NormalizeOptions): string {
  const quoted = /^"([^"]*)"(@[^"]+)$/.exec(addr);
  // Quotes around a plain dot-atom change nothing (RFC 5321 §4.1.2): "a.b"@x is a.b@x.
  if (quoted?.[1] && DOT_ATOM.test(quoted[1]))
    return normalizeEmail(quoted[1] + quoted[2], options);
  // A quoted local part that needs its quotes (`"a..b"@example.org`) keeps them.
  if (quoted) return normalizeEmail(addr, options);
  return normalizeEmail(addr.replace(/^["']|["']$/g, ''), options);
}
