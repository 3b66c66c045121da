/**
 * Signed VERP return paths. The sender puts the recipient and its delivery id in the
 * envelope sender; a bounce comes back to that address, so the recipient is known even
 * when the bounce text names none. A truncated HMAC-SHA256 stops forged bounces from
 * quarantining arbitrary addresses.
 *
 * Format: `<prefix>+<id>-<rcpt>-<mac>@<domain>` where
 * - `<id>` is the delivery id itself when it is decimal digits, else `x` + base32(utf-8);
 * - `<rcpt>` is `local=domain` when the local part is a plain dot-atom and the domain is
 *   ASCII (classic VERP, readable), else `x` + base32(utf-8 address) — `=` never occurs
 *   in base32, so the two forms cannot be confused;
 * - `<mac>` is the first 50 bits of HMAC-SHA256(secret, lower-case `<id>-<rcpt>`), as
 *   10 base32 characters.
 * Everything is case-insensitive (RFC 5321 §2.4 lets relays change the case of a local
 * part, and some do), so the MAC is computed over the lower-cased token. Local parts stay
 * within 64 characters (RFC 5321 §4.5.3.1.1) for ordinary addresses; very long recipients
 * give longer local parts, which most MTAs accept.
 */
import { Buffer } from 'node:buffer';
import { base32Decode, base32Encode, tokenMac, tokenMacMatches } from '../core/token-mac.js';

export { base32Decode, base32Encode } from '../core/token-mac.js';

const MAC_CHARS = 10;
const DEFAULT_PREFIX = 'bounce';

export interface VerpEncodeInput {
  recipient: string;
  deliveryId: string;
  /** The return-path domain the bounce must come back to. */
  domain: string;
  secret: string;
  /** Local-part prefix before `+` (default "bounce"). */
  prefix?: string;
}

export interface VerpDecodeOptions {
  secret: string;
  prefix?: string;
}

export type VerpDecodeResult =
  | { valid: true; recipient: string; deliveryId: string }
  | { valid: false; reason: 'forged' | 'malformed' };

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const ASCII_DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

function encodeId(id: string): string {
  return /^[0-9]+$/.test(id) ? id : 'x' + base32Encode(Buffer.from(id, 'utf8'));
}

function decodeId(text: string): string | undefined {
  if (/^[0-9]+$/.test(text)) return text;
  if (!text.startsWith('x')) return undefined;
  return base32Decode(text.slice(1))?.toString('utf8');
}

function encodeRecipient(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  const local = recipient.slice(0, at);
  const domain = recipient.slice(at + 1);
  if (at > 0 && DOT_ATOM.test(local) && !local.includes('=') && ASCII_DOMAIN.test(domain)) {
    return `${local}=${domain}`.toLowerCase();
  }
  return 'x' + base32Encode(Buffer.from(recipient.toLowerCase(), 'utf8'));
}

function decodeRecipient(text: string): string | undefined {
  const eq = text.lastIndexOf('=');
  if (eq > 0) return `${text.slice(0, eq)}@${text.slice(eq + 1)}`;
  if (!text.startsWith('x')) return undefined;
  const decoded = base32Decode(text.slice(1))?.toString('utf8');
  return decoded?.includes('@') ? decoded : undefined;
}

function mac(secret: string, body: string): string {
  return tokenMac(secret, body, MAC_CHARS);
}

/** Builds the signed VERP envelope sender for one recipient of one delivery. */
export function encodeVerpAddress(input: VerpEncodeInput): string {
  const prefix = input.prefix ?? DEFAULT_PREFIX;
  const body = `${encodeId(input.deliveryId)}-${encodeRecipient(input.recipient)}`;
  return `${prefix}+${body}-${mac(input.secret, body)}@${input.domain.toLowerCase()}`;
}

/**
 * Decodes a VERP address. Returns undefined when the address does not carry a token for
 * this prefix at all; `valid: false, reason: 'forged'` when the MAC does not match.
 */
export function decodeVerpAddress(
  address: string,
  options: VerpDecodeOptions,
): VerpDecodeResult | undefined {
  const prefix = (options.prefix ?? DEFAULT_PREFIX).toLowerCase();
  const clean = address.trim().replace(/^<|>$/g, '');
  const at = clean.lastIndexOf('@');
  if (at < 0) return undefined;
  const local = clean.slice(0, at);
  if (!local.toLowerCase().startsWith(prefix + '+')) return undefined;
  const token = local.slice(prefix.length + 1).toLowerCase();
  const first = token.indexOf('-');
  const last = token.lastIndexOf('-');
  if (first <= 0 || last <= first) return { valid: false, reason: 'malformed' };
  const body = token.slice(0, last);
  const given = token.slice(last + 1);
  if (given.length !== MAC_CHARS || !tokenMacMatches(options.secret, body, given)) {
    return { valid: false, reason: 'forged' };
  }
  const deliveryId = decodeId(token.slice(0, first));
  const recipient = decodeRecipient(token.slice(first + 1, last));
  if (deliveryId === undefined || recipient === undefined)
    return { valid: false, reason: 'malformed' };
  return { valid: true, recipient, deliveryId };
}
