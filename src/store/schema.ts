/**
 * The whole database schema, one file. Migrations are generated from it by drizzle-kit
 * (`npm run db:generate`), reviewed and committed under src/store/migrations/. The same schema
 * runs on PostgreSQL 15 and on PGlite. Times are timestamptz everywhere; idempotency lives in
 * the unique constraints (spool sha256, one event per message recipient, one row per address
 * and channel, one qualification per channel and normalized text).
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The durable spool: every inbound message, raw, before anything else happens to it. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    mailFrom: text('mail_from').notNull().default(''),
    rcptTo: jsonb('rcpt_to')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    remote: text('remote'),
    /** The client's IP, HELO/EHLO name and TLS use, as the intake saw them (null: unknown). */
    remoteIp: text('remote_ip'),
    helo: text('helo'),
    tls: boolean('tls'),
    receivedAt: tstz('received_at').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    raw: bytea('raw').notNull(),
    /** received → processed | unparseable | failed (see README "Spool states"). */
    state: text('state').notNull().default('received'),
    kind: text('kind'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_messages_sha256_key').on(t.sha256),
    index('inbound_messages_state_idx').on(t.state, t.receivedAt),
  ],
);

/** One row per affected recipient of an inbound message (or per sender-reported event). */
export const deliveryEvents = pgTable(
  'delivery_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: bigint('message_id', { mode: 'number' }).references(() => inboundMessages.id),
    /** Position of the recipient in the message; with messageId, the idempotency key. */
    recipientIndex: integer('recipient_index').notNull().default(0),
    /** For events reported over HTTP: the caller's id, unique per source. */
    externalId: text('external_id'),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    domain: text('domain').notNull().default(''),
    kind: text('kind').notNull(),
    category: text('category'),
    status: text('status'),
    replyCode: text('reply_code'),
    diagnostic: text('diagnostic'),
    normalizedText: text('normalized_text'),
    failureType: text('failure_type'),
    reason: text('reason'),
    ruleId: text('rule_id'),
    ruleSetVersion: text('rule_set_version'),
    /** applied | ignored | untrusted | forged | held — what the event did to the address. */
    effect: text('effect').notNull(),
    deliveryId: text('delivery_id'),
    /** The sender's profile id, when the message carried one (unsubscribe, sender events). */
    profileId: text('profile_id'),
    /** Who decided a manual event (staff name from X-Actor, 'api', 'cli'). */
    actor: text('actor'),
    remoteMta: text('remote_mta'),
    eventTime: tstz('event_time').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    /** The hold (outage_holds) a held event waits in; kept after the decision. */
    holdId: bigint('hold_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('delivery_events_message_recipient_key').on(t.messageId, t.recipientIndex),
    uniqueIndex('delivery_events_external_id_key').on(t.externalId),
    index('delivery_events_address_idx').on(t.address, t.channel, t.eventTime),
    index('delivery_events_time_idx').on(t.eventTime),
    index('delivery_events_delivery_idx').on(t.deliveryId),
    // Re-qualification finds every event that waited on one normalized text.
    index('delivery_events_text_idx').on(t.channel, t.normalizedText),
    // The outage guard counts one domain's recent failures with one text.
    index('delivery_events_domain_text_idx').on(t.domain, t.normalizedText, t.eventTime),
    index('delivery_events_hold_idx').on(t.holdId),
    // Domain health counts one domain's sends and failures over a sliding window.
    index('delivery_events_domain_time_idx').on(t.domain, t.eventTime),
  ],
);

/** The quarantine list: one row per address and channel. */
export const addresses = pgTable(
  'addresses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    address: text('address').notNull(),
    channel: text('channel').notNull(),
    domain: text('domain').notNull().default(''),
    status: text('status').notNull(),
    type: text('type'),
    reason: text('reason'),
    errorCount: integer('error_count').notNull().default(0),
    firstErrorAt: tstz('first_error_at'),
    lastErrorAt: tstz('last_error_at'),
    lastSignificantErrorAt: tstz('last_significant_error_at'),
    lastDeliveredAt: tstz('last_delivered_at'),
    /** Time of the newest event applied; an older one triggers a replay of the history. */
    lastEventAt: tstz('last_event_at'),
    errorText: text('error_text'),
    lastDeliveryId: text('last_delivery_id'),
    /** When the current status began (the exclusion check's "since"). */
    statusSince: tstz('status_since'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('addresses_address_channel_key').on(t.address, t.channel),
    index('addresses_status_idx').on(t.status, t.channel),
    index('addresses_domain_idx').on(t.domain),
    index('addresses_updated_at_idx').on(t.updatedAt),
  ],
);

/** The qualification table: one row per channel and normalized error text. */
export const qualifications = pgTable(
  'qualifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    normalizedText: text('normalized_text').notNull(),
    firstText: text('first_text').notNull(),
    type: text('type').notNull(),
    reason: text('reason').notNull(),
    /** to_qualify | keep | ignore */
    status: text('status').notNull(),
    /** Capped at 100,000 (spec); staff can reset it. */
    occurrences: integer('occurrences').notNull().default(0),
    firstSeen: tstz('first_seen').notNull(),
    lastSeen: tstz('last_seen').notNull(),
    ruleId: text('rule_id'),
    ruleSetVersion: text('rule_set_version'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    uniqueIndex('qualifications_channel_text_key').on(t.channel, t.normalizedText),
    index('qualifications_status_idx').on(t.status, t.occurrences),
  ],
);

/** Audit history: every change of an address's status, with its cause and actor. */
export const addressHistory = pgTable(
  'address_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    address: text('address').notNull(),
    channel: text('channel').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    cause: text('cause').notNull(),
    actor: text('actor').notNull(),
    eventId: bigint('event_id', { mode: 'number' }),
    at: tstz('at').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('address_history_address_idx').on(t.address, t.channel, t.at),
    index('address_history_at_idx').on(t.at),
  ],
);

/** Profile-level denylist (unsubscribe, SMS STOP, staff), kept apart from address quarantine. */
export const profileDenylist = pgTable(
  'profile_denylist',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    profileId: text('profile_id').notNull(),
    channel: text('channel').notNull(),
    /** '' when the whole channel is denied; else the service the profile left. */
    service: text('service').notNull().default(''),
    cause: text('cause').notNull(),
    actor: text('actor').notNull(),
    at: tstz('at').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('profile_denylist_key').on(t.profileId, t.channel, t.service)],
);

/** Qualification rules in force: shipped ones synced from rules/, and staff-written ones. */
export const rules = pgTable(
  'rules',
  {
    /** The rule's permanent id. */
    id: text('id').primaryKey(),
    ruleSet: text('rule_set').notNull(),
    /** shipped | staff */
    origin: text('origin').notNull(),
    editedByStaff: boolean('edited_by_staff').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    priority: integer('priority').notNull().default(0),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    ruleSetVersion: text('rule_set_version'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [index('rules_rule_set_idx').on(t.ruleSet, t.priority)],
);

/** Each rule-set version applied by a sync, with what it changed. */
export const ruleSetVersions = pgTable(
  'rule_set_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleSet: text('rule_set').notNull(),
    version: text('version').notNull(),
    source: text('source').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    appliedAt: tstz('applied_at').notNull().defaultNow(),
  },
  (t) => [index('rule_set_versions_idx').on(t.ruleSet, t.appliedAt)],
);

/** Who changed what, for staff edits of qualifications, rules and address entries. */
export const changeAudit = pgTable(
  'change_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('change_audit_entity_idx').on(t.entity, t.entityId, t.at)],
);

/** IMAP poller progress per mailbox: UIDVALIDITY and the last UID handed to the spool. */
export const imapCheckpoints = pgTable('imap_checkpoints', {
  mailbox: text('mailbox').primaryKey(),
  uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * Outage guard: a burst of one hard error text from one domain, held for review instead of
 * quarantining every address it names. `held` until staff apply or discard it.
 */
export const outageHolds = pgTable(
  'outage_holds',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Why events are held: `outage` (a burst, outage guard) or `unsigned_bounce` (no VERP token). */
    kind: text('kind').notNull().default('outage'),
    channel: text('channel').notNull(),
    domain: text('domain').notNull(),
    normalizedText: text('normalized_text').notNull(),
    /** held | applied | discarded */
    status: text('status').notNull(),
    /** Events held since the hold opened. */
    heldEvents: integer('held_events').notNull().default(0),
    firstSeen: tstz('first_seen').notNull(),
    lastSeen: tstz('last_seen').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: tstz('decided_at'),
  },
  (t) => [
    uniqueIndex('outage_holds_kind_key').on(t.kind, t.channel, t.domain, t.normalizedText),
    index('outage_holds_status_idx').on(t.status, t.lastSeen),
  ],
);

/** How far each webhook has delivered the audit history (outbox by address_history id). */
export const webhookCursors = pgTable('webhook_cursors', {
  name: text('name').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * Signature tokens of sending services' webhooks already accepted (Mailgun): its signature
 * covers the timestamp and token only, not the body, so a token seen once must never vouch
 * for another body. Rows older than the signature window are deleted as new ones come.
 */
export const espSignatureTokens = pgTable(
  'esp_signature_tokens',
  {
    provider: text('provider').notNull(),
    token: text('token').notNull(),
    /** sha256 of the body first signed with it: the same body again is a retry, not a replay. */
    bodySha256: text('body_sha256').notNull(),
    seenAt: tstz('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.token] }),
    index('esp_signature_tokens_seen_idx').on(t.seenAt),
  ],
);

/**
 * Address-level opt-outs: a `mailto:` List-Unsubscribe without a profile id, or an RFC 8058
 * one-click POST. Not a quarantine (the address status is untouched) and not the profile
 * denylist (no profile is known): the exclusion check answers them with scope `optout`.
 */
export const addressOptOuts = pgTable(
  'address_optouts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    address: text('address').notNull(),
    channel: text('channel').notNull(),
    /** '' when the whole channel is refused; else the list or service left (List-Id, X-Service). */
    service: text('service').notNull().default(''),
    /** `mailto` (List-Unsubscribe mail) or `one_click` (RFC 8058 POST). */
    source: text('source').notNull(),
    deliveryId: text('delivery_id'),
    actor: text('actor').notNull(),
    at: tstz('at').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('address_optouts_key').on(t.address, t.channel, t.service)],
);

/**
 * Webhook events that are not address status changes (an opt-out, a domain pause): sent by
 * the same dispatcher as address_history, past a cursor of their own.
 */
export const outboxEvents = pgTable('outbox_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  at: tstz('at').notNull(),
});

/**
 * Domain health (spec "MX management"): each pause of sending to a recipient domain, kept as
 * history. A domain is paused while a row's paused_until is in the future.
 */
export const domainPauses = pgTable(
  'domain_pauses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    domain: text('domain').notNull(),
    startedAt: tstz('started_at').notNull(),
    pausedUntil: tstz('paused_until').notNull(),
    /** The window's counts when the pause started. */
    sends: integer('sends').notNull(),
    failures: integer('failures').notNull(),
    rate: doublePrecision('rate').notNull(),
  },
  (t) => [index('domain_pauses_domain_idx').on(t.domain, t.pausedUntil)],
);

/** Per-domain overrides of the domain health settings (absent column: the configured default). */
export const domainHealthSettings = pgTable('domain_health_settings', {
  domain: text('domain').primaryKey(),
  minSample: integer('min_sample'),
  /** Failure rate (0..1] at or above which the domain is paused. */
  threshold: doublePrecision('threshold'),
  windowMinutes: integer('window_minutes'),
  pauseMinutes: integer('pause_minutes'),
  updatedBy: text('updated_by').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
