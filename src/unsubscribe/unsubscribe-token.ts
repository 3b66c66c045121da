/**
 * Signed one-click unsubscribe tokens (RFC 8058), pure. The token names the recipient, the
 * list or service left and the delivery, and carries an HMAC with VERP_SECRET (the same
 * signing helpers as VERP, core/token-mac.ts): anyone can POST to /u/<token>, so the MAC is
 * what stops a stranger from opting out an arbitrary address.
 *
 * Format: `u1.<base32(JSON)>.<mac>` — lower-case base32 and dots only, safe in a URL path
 * and in a header, and unchanged by a client that lower-cases it. The `u1.` body can never
 * be a VERP body (those start with digits or `x`), so one secret signs both without a token
 * of one kind passing for the other. The MAC is 130 bits: a URL has room for it.
 */
import { Buffer } from 'node:buffer';
import { base32Decode, base32Encode, tokenMac, tokenMacMatches } from '../core/token-mac.js';

const VERSION = 'u1';
const MAC_CHARS = 26;
/** Upper bound on a token's length: a header line, not a payload. */
export const MAX_UNSUBSCRIBE_TOKEN_LENGTH = 2_000;

/** Who opts out of what, as carried in the token. */
export interface UnsubscribeTarget {
  recipient: string;
  /** The list or service left (List-Id, newsletter name); absent: the whole channel. */
  service?: string;
  deliveryId?: string;
}

export type UnsubscribeTokenResult =
  { valid: true; target: UnsubscribeTarget } | { valid: false; reason: 'forged' | 'malformed' };

/** The signed token for one recipient of one delivery (lower case). */
export function encodeUnsubscribeToken(target: UnsubscribeTarget, secret: string): string {
  const fields: Record<string, string> = { r: target.recipient };
  if (target.service) fields.s = target.service;
  if (target.deliveryId) fields.d = target.deliveryId;
  const body = `${VERSION}.${base32Encode(Buffer.from(JSON.stringify(fields), 'utf8'))}`;
  return `${body}.${tokenMac(secret, body, MAC_CHARS)}`;
}

/** Reads a token back; `forged` when its MAC does not verify with this secret. */
export function decodeUnsubscribeToken(token: string, secret: string): UnsubscribeTokenResult {
  if (token.length > MAX_UNSUBSCRIBE_TOKEN_LENGTH) return { valid: false, reason: 'malformed' };
  const parts = token.toLowerCase().split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { valid: false, reason: 'malformed' };
  const [, payload = '', given = ''] = parts;
  if (given.length !== MAC_CHARS || !tokenMacMatches(secret, `${VERSION}.${payload}`, given))
    return { valid: false, reason: 'forged' };
  const target = readFields(base32Decode(payload));
  return target ? { valid: true, target } : { valid: false, reason: 'malformed' };
}

function readFields(bytes: Buffer | undefined): UnsubscribeTarget | undefined {
  if (!bytes) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof fields !== 'object' || fields === null) return undefined;
  const { r, s, d } = fields as Record<string, unknown>;
  if (typeof r !== 'string' || !r.includes('@')) return undefined;
  return {
    recipient: r,
    ...(typeof s === 'string' && s !== '' ? { service: s } : {}),
    ...(typeof d === 'string' && d !== '' ? { deliveryId: d } : {}),
  };
}

export interface UnsubscribeLinkInput extends UnsubscribeTarget {
  /** Where the service's `/u/` route is reachable from the internet (UNSUBSCRIBE_BASE_URL). */
  baseUrl: string;
  secret: string;
}

/** The link and the two headers RFC 8058 §3.1 asks a bulk sender to put in each message. */
export interface UnsubscribeLink {
  url: string;
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * The one-click unsubscribe link for one recipient of one delivery, with its headers: the
 * library function senders call (the CLI `rebound unsubscribe-link` prints the same).
 */
export function createUnsubscribeLink(input: UnsubscribeLinkInput): UnsubscribeLink {
  const { baseUrl, secret, ...target } = input;
  const url = `${baseUrl.replace(/\/+$/, '')}/u/${encodeUnsubscribeToken(target, secret)}`;
  return {
    url,
    headers: {
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
