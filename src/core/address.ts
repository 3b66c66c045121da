/**
 * Address identity. The same function runs on write and on lookup, so case or Unicode form
 * never lets a quarantined address be targeted again.
 */
import type { Channel } from './vocabulary.js';

export interface EmailNormalizationOptions {
  /** Lower-case the local part too (RFC 5321 says it is case-sensitive; no real mailbox is). */
  lowercaseLocalPart: boolean;
}

const DEFAULT_EMAIL_OPTIONS: EmailNormalizationOptions = { lowercaseLocalPart: true };

/** Trims, strips angle brackets and a `mailto:`/`rfc822;` prefix, NFC, domain lower-cased. */
export function normalizeEmail(
  raw: string,
  options: EmailNormalizationOptions = DEFAULT_EMAIL_OPTIONS,
): string {
  let value = raw.trim().normalize('NFC');
  value = value
    .replace(/^(?:rfc822;|mailto:)\s*/i, '')
    .replace(/^<|>$/g, '')
    .trim();
  const at = value.lastIndexOf('@');
  if (at < 0) return options.lowercaseLocalPart ? value.toLowerCase() : value;
  const local = value.slice(0, at);
  const domain = value
    .slice(at + 1)
    .replace(/\.$/, '')
    .toLowerCase();
  return `${options.lowercaseLocalPart ? local.toLowerCase() : local}@${domain}`;
}

/** E.164-ish: keeps a leading +, drops spaces, dots, dashes and parentheses. */
export function normalizePhone(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (trimmed.startsWith('00')) return `+${digits.slice(2)}`;
  return digits;
}

export function normalizeAddress(
  channel: Channel,
  raw: string,
  emailOptions?: EmailNormalizationOptions,
): string {
  switch (channel) {
    case 'email':
      return normalizeEmail(raw, emailOptions);
    case 'sms':
      return normalizePhone(raw);
    case 'push':
      return raw.trim();
  }
}

/**
 * True when the address has exactly one `@` outside a quoted local part (RFC 5321 §4.1.2):
 * `a@b@c@example.org` is no address at all, never `c@example.org` (issue 15).
 */
export function hasSingleAt(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  return /^"[^"]*"$/.test(local) || !local.includes('@');
}

/** The domain part of an email address, or '' when there is none. */
export function emailDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1);
}
