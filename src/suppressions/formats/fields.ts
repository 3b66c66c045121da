/** Field readers shared by the formats: dates, reasons, statuses, channels, provider kinds. */
import {
  ADDRESS_STATUSES,
  CHANNELS,
  REASONS,
  type AddressStatus,
  type Channel,
  type Reason,
} from '../../core/vocabulary.js';
import type { ImportEntry, ImportKind, RowVerdict } from './types.js';

/** The first non-empty value among these folded keys. */
export function pick(values: ReadonlyMap<string, string>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = values.get(key);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/**
 * Unix seconds (SES's LastUpdateTime in JSON), Unix milliseconds, ISO 8601 or RFC 2822
 * (Mailgun's created_at). `undefined` for an empty value, `null` for an unreadable one.
 */
export function readDate(value: string | undefined): Date | undefined | null {
  if (value === undefined || value === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) {
    const n = Number(value);
    return new Date(n < 100_000_000_000 ? n * 1000 : n);
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function fold(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const REASON_ALIASES: Record<string, Reason> = {
  not_eligible_for_the_offers: 'not_eligible_for_offers',
  blacklisted_address: 'denylisted_address',
  unknown_user: 'user_unknown',
};

/** `user_unknown`, `User unknown` (Adobe's label) or the technical value `1`. */
export function readReason(value: string): Reason | undefined {
  if (/^\d+$/.test(value.trim())) {
    const n = Number(value);
    return (Object.keys(REASONS) as Reason[]).find((reason) => REASONS[reason] === n);
  }
  const key = fold(value);
  if (key in REASONS) return key as Reason;
  return REASON_ALIASES[key];
}

const STATUS_ALIASES: Record<string, AddressStatus> = {
  on_denylist: 'denylisted',
  blacklisted: 'denylisted',
  on_blacklist: 'denylisted',
  in_quarantine: 'quarantine',
  quarantined: 'quarantine',
  on_allow_list: 'allowlisted',
  on_allowlist: 'allowlisted',
  whitelisted: 'allowlisted',
};

export function readStatus(value: string): AddressStatus | undefined {
  const key = fold(value);
  if ((ADDRESS_STATUSES as readonly string[]).includes(key)) return key as AddressStatus;
  return STATUS_ALIASES[key];
}

const CHANNEL_ALIASES: Record<string, Channel> = {
  mobile: 'sms',
  mobile_sms: 'sms',
  mobile_app: 'push',
  mobile_application: 'push',
};

export function readChannel(value: string | undefined): Channel | undefined {
  if (value === undefined || value === '') return 'email';
  const key = fold(value);
  if ((CHANNELS as readonly string[]).includes(key)) return key as Channel;
  return CHANNEL_ALIASES[key];
}

/**
 * A provider's suppression as an entry. A hard bounce is a Quarantine with the spec's reason
 * for entries imported from external systems (Denylisted address, 8); a complaint is
 * Denylisted with reason Refused, as Rebound records an ARF report; an unsubscribe is
 * Denylisted too — the lists carry no profile id, so the address on the email channel is
 * the only thing the opt-out can be keyed on, and Denylisted is never lifted by cleanup the
 * way a Quarantine for Mailbox full is. A block is a refusal of the sender, not the address
 * (PRODUCT.md): it is reported and skipped.
 */
export function providerEntry(
  provider: string,
  kind: ImportKind,
  address: string | undefined,
  detail: { text?: string; at?: string },
): RowVerdict {
  if (!address) return { error: 'no address' };
  if (kind === 'block') return { ignored: 'a block refuses the sender, not the address' };
  const at = readDate(detail.at);
  if (at === null) return { error: `unreadable date "${detail.at}"` };
  const label = kind === 'bounce' ? 'hard bounce' : kind;
  const entry: ImportEntry = {
    channel: 'email',
    address,
    status: kind === 'bounce' ? 'quarantine' : 'denylisted',
    reason: kind === 'complaint' ? 'refused' : 'denylisted_address',
    errorText: `${provider} ${label}${detail.text ? `: ${detail.text}` : ''}`.slice(0, 10_000),
    exact: false,
    ...(at ? { errorAt: at } : {}),
  };
  return { entry };
}
