/**
 * Pure: what one parsed message means for each affected address. No I/O — the worker stores
 * what this returns. Keeping it pure lets tests check every kind of message without a database.
 */
import type { ParsedMessage, RecipientResult } from '../parse/types.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import type { PolicyEvent } from '../quarantine/types.js';
import type { Channel, MessageKind } from '../core/vocabulary.js';
import { emailDomain } from '../core/address.js';

/** What an event did: `applied` went through the policy; the others are recorded only. */
export type EventEffect = 'applied' | 'ignored' | 'untrusted' | 'forged';

export interface RecipientEffect {
  recipientIndex: number;
  channel: Channel;
  address: string;
  domain: string;
  kind: MessageKind;
  result: RecipientResult;
  eventTime: Date;
  effect: EventEffect;
  verdict?: Verdict;
  policyEvent?: PolicyEvent;
  deliveryId?: string;
  /** The sender's profile id (correlation header X-Profile-Id), when the message carried one. */
  profileId?: string;
  /** The provider's event id of an ESP webhook event (delivery_events.external_id). */
  externalId?: string;
  /** A `mailto:` unsubscribe: the profile entry to write (never a quarantine). */
  profileDenylist?: { profileId: string; channel: Channel; service?: string };
  /** A `mailto:` unsubscribe without a profile id: the address's own opt-out. */
  addressOptOut?: { channel: Channel; service?: string };
  /** The message came on no valid VERP token, and what such a bounce may do (withBounceTrust). */
  unsigned?: Exclude<UnsignedBounces, 'apply'>;
  /** Held for staff review instead of applied: an unsigned bounce under `hold`. */
  hold?: 'unsigned_bounce';
}

/** What a bounce that did not arrive on a valid VERP token may do (config UNSIGNED_BOUNCES). */
export type UnsignedBounces = 'apply' | 'hold' | 'record';

export interface PlanContext {
  /** Envelope recipients the message arrived on (lower-cased). */
  rcptTo: string[];
  receivedAt: Date;
  fblAddresses: string[];
  qualify(input: QualifyInput): Verdict;
  /** Default `apply` (every bounce counts, as without a VERP secret). */
  unsignedBounces?: UnsignedBounces;
  /**
   * Whether a complaint came from a configured feedback loop (DKIM, see
   * verify-feedback-source.ts); absent when no FBL_SOURCES are set and the FBL address suffices.
   */
  complaintTrusted?: boolean;
  /**
   * The message is a sending service's webhook whose signature was checked at intake: its
   * complaints count as a configured feedback loop's (esp-intake.ts).
   */
  signedWebhook?: boolean;
}

/** A report dated more than this after its arrival has a wrong clock: use the arrival time. */
const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

export function eventTimeOf(
  result: RecipientResult,
  message: ParsedMessage,
  receivedAt: Date,
): Date {
  for (const candidate of [result.eventTime, message.date]) {
    if (!candidate) continue;
    const at = new Date(candidate);
    if (!Number.isNaN(at.getTime()) && at.getTime() <= receivedAt.getTime() + MAX_CLOCK_SKEW_MS)
      return at;
  }
  return receivedAt;
}

export function planRecipientEffects(
  message: ParsedMessage,
  context: PlanContext,
): RecipientEffect[] {
  const correlation = message.original?.correlation ?? {};
  // A VERP token (HMAC-checked) wins over a header copied from the original message.
  const deliveryId = message.deliveryId ?? correlation['x-delivery-id'];
  const profileId = correlation['x-profile-id'];
  const fromFbl =
    context.signedWebhook === true ||
    context.rcptTo.some((rcpt) => context.fblAddresses.includes(rcpt.toLowerCase()));
  const forged = message.verpForged === true;
  const mode = context.unsignedBounces ?? 'apply';
  const unsigned = message.verpSigned !== true && mode !== 'apply' ? mode : undefined;
  return message.results
    .filter((result) => result.recipient.length > 0)
    .map((result, recipientIndex) => {
      const at = eventTimeOf(result, message, context.receivedAt);
      const base = {
        recipientIndex,
        channel: 'email' as const,
        address: result.recipient,
        domain: emailDomain(result.recipient),
        kind: message.kind,
        result,
        eventTime: at,
        ...(deliveryId ? { deliveryId } : {}),
        ...(profileId ? { profileId } : {}),
      };
      if (forged) return { ...base, effect: 'forged' as const };
      if (message.kind === 'unsubscribe')
        return { ...base, ...unsubscribe(profileId, correlation) };
      const decided = decide(message.kind, result, at, fromFbl, context, deliveryId);
      // The trust check (withBounceTrust) runs where the event is stored, after staff's decision.
      return { ...base, ...decided, ...(unsigned ? { unsigned } : {}) };
    });
}

/**
 * Anyone can send a DSN naming any address to a return-path domain: a bounce that came on no
 * valid VERP token (`unsigned` set) is held for staff or only recorded, per UNSIGNED_BOUNCES.
 * It runs where the event is stored, after staff's decision on the text (which may turn an
 * ignored verdict into a failure). An unsigned bounce's ignored event is stored `untrusted`, so that a
 * later re-qualification of its text (which re-decides `applied`/`ignored` events) never
 * applies it. Complaints have their own check (FBL address, DKIM).
 */
export function withBounceTrust(effect: RecipientEffect): RecipientEffect {
  const kind = effect.policyEvent?.kind;
  if (!effect.unsigned || kind === 'complaint' || effect.kind === 'complaint') return effect;
  if (effect.effect === 'ignored' && effect.verdict) return { ...effect, effect: 'untrusted' };
  if (effect.effect !== 'applied' || (kind !== 'failure' && kind !== 'delivered')) return effect;
  if (effect.unsigned === 'record') return { ...effect, effect: 'untrusted' };
  return { ...effect, hold: 'unsigned_bounce' };
}

/**
 * A `mailto:` List-Unsubscribe is the profile's opt-out for the channel (or for the service the
 * message names), never a quarantine of the address (spec: "profiles can be on the denylist
 * ... after an unsubscription"). Without a profile id, the person asking is known only by the
 * address: it becomes that address's opt-out (scope `optout` in the exclusion check). The
 * service is the `X-Service` correlation header, else the original's List-Id (RFC 2919).
 */
function unsubscribe(
  profileId: string | undefined,
  correlation: Record<string, string>,
): Pick<RecipientEffect, 'effect' | 'profileDenylist' | 'addressOptOut'> {
  const service = correlation['x-service'] || listIdOf(correlation['list-id']);
  const named = service ? { service } : {};
  if (!profileId) return { effect: 'applied', addressOptOut: { channel: 'email', ...named } };
  return { effect: 'applied', profileDenylist: { profileId, channel: 'email', ...named } };
}

/** RFC 2919 §2: `List-Id: Phrase <list-label.namespace>`; the id is inside the brackets. */
function listIdOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bracketed = /<([^<>]{1,255})>/.exec(header)?.[1]?.trim();
  const id = (bracketed ?? header.trim()).toLowerCase();
  return id !== '' ? id.slice(0, 255) : undefined;
}

function decide(
  kind: MessageKind,
  result: RecipientResult,
  at: Date,
  fromFbl: boolean,
  context: PlanContext,
  deliveryId: string | undefined,
): Pick<RecipientEffect, 'effect' | 'verdict' | 'policyEvent'> {
  const ids = deliveryId ? { deliveryId } : {};
  if (kind === 'complaint' || result.category === 'feedback') {
    // Only a recipient's own complaint denylists: not an authentication-failure report
    // (RFC 6591, about the sender's DKIM/SPF), a virus report or a "not spam" vote (RFC 5965).
    if (!isRecipientComplaint(result.feedbackType)) return { effect: 'ignored' };
    // A complaint denylists an address only when it came to a configured FBL address.
    if (!fromFbl || context.complaintTrusted === false) return { effect: 'untrusted' };
    return {
      effect: 'applied',
      policyEvent: { kind: 'complaint', at, text: result.diagnostic ?? 'complaint', ...ids },
    };
  }
  if (result.category === 'delivered' || result.action === 'delivered' || kind === 'delivered') {
    return { effect: 'applied', policyEvent: { kind: 'delivered', at, ...ids } };
  }
  if (kind !== 'bounce' || result.category === 'vacation') return { effect: 'ignored' };
  const verdict = context.qualify({
    channel: 'email',
    category: result.category,
    text: result.diagnostic ?? '',
    domain: emailDomain(result.recipient),
    ...(result.status ? { status: result.status } : {}),
    ...(result.replyCode ? { replyCode: result.replyCode } : {}),
  });
  if (verdict.type === 'ignored') return { effect: 'ignored', verdict };
  return {
    effect: 'applied',
    verdict,
    policyEvent: {
      kind: 'failure',
      type: verdict.type,
      reason: verdict.reason,
      at,
      text: result.diagnostic ?? verdict.normalizedText,
      ...ids,
    },
  };
}

/** ARF feedback types that are the recipient's complaint; a missing type (JMRP, SES) is one. */
const COMPLAINT_FEEDBACK_TYPES = new Set(['abuse', 'fraud', 'opt-out', 'other']);

export function isRecipientComplaint(feedbackType: string | undefined): boolean {
  return !feedbackType || COMPLAINT_FEEDBACK_TYPES.has(feedbackType.trim().toLowerCase());
}
