/**
 * The product's shared vocabulary: message kinds, parser categories, failure types,
 * reasons (with the spec's technical values) and address statuses. Pure data, no I/O.
 */

/** Version of the category vocabulary; bump when a category is added, renamed or removed. */
export const CATEGORY_VOCABULARY_VERSION = '1';

export const MESSAGE_KINDS = [
  'bounce',
  'complaint',
  'autoreply',
  'delivered',
  'unsubscribe',
  'unknown',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Sisimai's reason vocabulary (v5 names: emailtoolarge, ratelimited). */
export const CATEGORIES = [
  'userunknown',
  'hostunknown',
  'hasmoved',
  'mailboxfull',
  'suspend',
  'notaccept',
  'filtered',
  'rejected',
  'blocked',
  'badreputation',
  'requireptr',
  'authfailure',
  'securityerror',
  'spamdetected',
  'virusdetected',
  'policyviolation',
  'contenterror',
  'notcompliantrfc',
  'norelaying',
  'syntaxerror',
  'emailtoolarge',
  'ratelimited',
  'expired',
  'networkerror',
  'systemerror',
  'systemfull',
  'mailererror',
  'failedstarttls',
  'suppressed',
  'feedback',
  'vacation',
  'delivered',
  'onhold',
  'undefined',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export const FAILURE_TYPES = ['hard', 'soft', 'ignored'] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];

/** Failure reasons and their technical values, as in the spec. */
export const REASONS = {
  not_defined: 0,
  user_unknown: 1,
  invalid_domain: 2,
  unreachable: 3,
  account_disabled: 4,
  mailbox_full: 5,
  not_connected: 6,
  address_not_specified: 7,
  denylisted_address: 8,
  address_in_quarantine: 9,
  double: 10,
  excluded_by_sql_rule: 11,
  excluded_after_arbitration: 12,
  bad_quality_address: 14,
  unqualified_address: 15,
  not_eligible_for_offers: 16,
  target_limited_in_size: 17,
  refused: 20,
  error_ignored: 25,
  control_address: 127,
} as const;
export type Reason = keyof typeof REASONS;
export const REASON_NAMES = Object.keys(REASONS) as Reason[];

export const ADDRESS_STATUSES = [
  'valid',
  'with_errors',
  'quarantine',
  'denylisted',
  'allowlisted',
] as const;
export type AddressStatus = (typeof ADDRESS_STATUSES)[number];

export const QUALIFICATION_STATUSES = ['to_qualify', 'keep', 'ignore'] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];
