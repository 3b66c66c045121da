/**
 * The rule-set file format (rules/*.json) as a zod schema. Structure only: regex syntax,
 * duplicate ids and channel-specific fields are checked by compileRuleSet, which reports every
 * problem with the rule id and field it belongs to.
 */
import { z } from 'zod';
import { CATEGORIES, CHANNELS, FAILURE_TYPES, REASON_NAMES } from '../core/vocabulary.js';
import type { Reason } from '../core/vocabulary.js';

/** Push notification providers whose feedback codes the push rule set maps. */
export const PUSH_PROVIDERS = ['apns', 'fcm'] as const;
export type PushProvider = (typeof PUSH_PROVIDERS)[number];

/** Permanent rule ids: lower-case, dotted, never reused for another meaning. */
const RULE_ID = /^[a-z0-9][a-z0-9_.-]{1,99}$/;
/** "5", "5.1" (prefix by component) or "5.1.1" (exact); RFC 3463 classes 2, 4 and 5. */
const STATUS_PATTERN = /^[245](?:\.\d{1,3}){0,2}$/;
/** "5", "55" (prefix) or "550" (exact). */
const REPLY_CODE_PATTERN = /^[2-5]\d{0,2}$/;

const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/** What a rule matches. Every condition given must hold; within a list, any entry may. */
export const ruleMatchSchema = z
  .strictObject({
    channel: z.enum(CHANNELS).optional(),
    categories: nonEmptyList(z.enum(CATEGORIES)).optional(),
    status: nonEmptyList(
      z.string().regex(STATUS_PATTERN, 'must look like "5", "5.1" or "5.1.1"'),
    ).optional(),
    replyCodes: nonEmptyList(
      z.string().regex(REPLY_CODE_PATTERN, 'must look like "5", "55" or "550"'),
    ).optional(),
    /** RE2 syntax, case-insensitive, matched on the normalized text. */
    textRegex: z.string().min(1).optional(),
    /** Case-insensitive substrings of the normalized text. */
    textContains: nonEmptyList(z.string().min(1)).optional(),
    /**
     * true: only temporary failures (4xx status or reply code); false: only the others. A hard
     * text rule says false so that "450 4.1.1 user unknown" (a lookup that failed for now)
     * never quarantines an address.
     */
    temporary: z.boolean().optional(),
    /** Recipient domains: "example.com" exactly, "*.example.com" for it and its subdomains. */
    domains: nonEmptyList(z.string().min(1)).optional(),
    /** SMS only: SMSC implementation names (case-insensitive). */
    smsc: nonEmptyList(z.string().min(1)).optional(),
    /** Push only: the provider of the feedback. */
    providers: nonEmptyList(z.enum(PUSH_PROVIDERS)).optional(),
    /** Push only: provider error codes or reasons (case-insensitive). */
    codes: nonEmptyList(z.string().min(1)).optional(),
  })
  .refine((match) => Object.values(match).some((value) => value !== undefined), {
    message: 'needs at least one condition',
  });
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

/** One worked example: an input and the outcome the rule set must give for it. */
export const ruleExampleSchema = z.strictObject({
  input: z.strictObject({
    text: z.string().default(''),
    category: z.enum(CATEGORIES).optional(),
    status: z.string().optional(),
    replyCode: z.string().optional(),
    domain: z.string().optional(),
    smsc: z.string().optional(),
    provider: z.enum(PUSH_PROVIDERS).optional(),
    code: z.string().optional(),
  }),
  expect: z.strictObject({
    type: z.enum(FAILURE_TYPES),
    reason: z.enum(REASON_NAMES as [Reason, ...Reason[]]),
    /** Defaults to the rule the example belongs to: it must be the rule that wins. */
    ruleId: z.string().optional(),
    delivered: z.boolean().optional(),
    retry: z.boolean().optional(),
  }),
});
export type RuleExample = z.infer<typeof ruleExampleSchema>;

export const ruleSchema = z.strictObject({
  id: z.string().regex(RULE_ID, 'must be lower-case letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  /** Higher wins. Shipped sets use 0–99 for defaults and 100–899 for refinements. */
  priority: z.number().int().min(0).max(1000),
  enabled: z.boolean().default(true),
  match: ruleMatchSchema,
  type: z.enum(FAILURE_TYPES),
  reason: z.enum(REASON_NAMES as [Reason, ...Reason[]]),
  /** The verdict applies, but the text stays "To qualify" for staff to confirm. */
  provisional: z.boolean().default(false),
  /** SMS only: the report is a success, not a failure. */
  delivered: z.boolean().default(false),
  /** Push only: whether the send may be retried within the delivery. */
  retry: z.boolean().optional(),
  examples: z.array(ruleExampleSchema).min(1, 'needs at least one example'),
});
export type RuleData = z.infer<typeof ruleSchema>;
export type RuleDataInput = z.input<typeof ruleSchema>;

/** Per-SMSC extraction of the status and error code from a status report. */
export const smscExtractorSchema = z.strictObject({
  /** RE2; the first capture group is the status (default: SMPP 3.4 Appendix B `stat:`). */
  statusRegex: z.string().min(1),
  /** RE2; the first capture group is the error code (default: `err:`). */
  errorRegex: z.string().min(1),
});

export const ruleSetSchema = z.strictObject({
  $comment: z.string().optional(),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case name'),
  channel: z.enum(CHANNELS),
  /** Bumped on every change of the file; recorded in every verdict. */
  version: z.string().min(1),
  description: z.string().optional(),
  /** SMS sets: extraction per SMSC name; the entry "default" is used for unknown names. */
  smsc: z.record(z.string(), smscExtractorSchema).optional(),
  rules: z.array(ruleSchema),
});
export type RuleSetData = z.infer<typeof ruleSetSchema>;
export type RuleSetDataInput = z.input<typeof ruleSetSchema>;
