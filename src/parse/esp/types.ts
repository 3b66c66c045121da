/**
 * What a sending service's webhook says, per event, before the worker decides what it means:
 * the provider's own event id (the idempotency key), the kind, and the result drafted like a
 * mail reader's, so categories, status codes and diagnostics go through the same finalization
 * and qualification as a bounce that came by mail.
 */
import type { MessageKind } from '../../core/vocabulary.js';
import type { DraftResult } from '../readers/types.js';

export const ESP_PROVIDERS = ['ses', 'sendgrid', 'postmark', 'mailgun'] as const;
export type EspProvider = (typeof ESP_PROVIDERS)[number];

export function isEspProvider(value: string): value is EspProvider {
  return (ESP_PROVIDERS as readonly string[]).includes(value);
}

/** One provider event about one recipient. */
export interface EspEvent {
  /** The provider's event id, unique per provider (with the recipient where one id covers several). */
  id: string;
  kind: Extract<MessageKind, 'bounce' | 'complaint' | 'delivered' | 'unsubscribe' | 'autoreply'>;
  draft: DraftResult;
  /** The provider's own name for what happened, e.g. `Permanent/NoEmail`, `bounce/blocked`. */
  providerType: string;
  /** Correlation values the sender attached (custom args, metadata, headers), lower-cased keys. */
  correlation: Record<string, string>;
}

export interface EspReading {
  provider: EspProvider;
  events: EspEvent[];
  /** Events read but left out on purpose (opens, clicks, a reactivation): counted for the log. */
  skipped: number;
  /** Set when the payload is not what this provider sends (the spool row becomes unparseable). */
  unknownReason?: string;
}
