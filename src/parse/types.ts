import type { Category, MessageKind } from '../core/vocabulary.js';

/** One affected recipient of an inbound message, as read from the message. */
export interface RecipientResult {
  /** Normalized address (see core/address.ts). */
  recipient: string;
  /** The Original-Recipient as written in the report, when present. */
  originalRecipient?: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action?: string;
  /** RFC 3463 enhanced status code, e.g. "5.1.1". */
  status?: string;
  /** SMTP reply code, e.g. "550". */
  replyCode?: string;
  /** The remote server's error text (Diagnostic-Code or the text of a non-standard bounce). */
  diagnostic?: string;
  /** The SMTP command the remote server refused (MAIL, RCPT, DATA, EHLO, CONN), when known. */
  smtpCommand?: string;
  remoteMta?: string;
  reportingMta?: string;
  /** The event's own time (Arrival-Date, Last-Attempt-Date or Date), ISO 8601. */
  eventTime?: string;
  category: Category;
  /** Complaints only (RFC 5965). */
  feedbackType?: string;
  userAgent?: string;
  sourceIp?: string;
  /** With ParseOptions.explain: how the result was decided (docs/decision-order.md). */
  explanation?: ResultExplanation;
}

export interface ResultExplanation {
  /** Where the reader found the failure's text. */
  region: string;
  /** The decision step, or "reader" when the reader's format states the category. */
  step: string;
  phraseRow?: string;
  phraseStrength?: string;
  /** What the status code alone names. */
  statusCategory?: string;
  /** Where the reported status came from. */
  statusFrom?: string;
  stage?: string;
}

/** The whole message, read. */
export interface ParsedMessage {
  kind: MessageKind;
  results: RecipientResult[];
  /** Why the kind is `unknown` (malformed, no recipient found, not a bounce...). */
  unknownReason?: string;
  /** Which reader produced the results (e.g. "rfc3464", "arf", "vendor:exim"). */
  parser?: string;
  /** Message-ID of the bounce itself. */
  messageId?: string;
  /** Date of the bounce itself, ISO 8601. */
  date?: string;
  subject?: string;
  from?: string;
  /** From the original message, where the bounce carries it. */
  original?: {
    messageId?: string;
    listUnsubscribe?: string;
    /** Configured correlation headers (lower-cased names), e.g. x-delivery-id. */
    correlation?: Record<string, string>;
  };
  /** Delivery id from a valid VERP token on the envelope recipient (see verp.ts). */
  deliveryId?: string;
  /** True when the envelope recipient carried a VERP token whose HMAC did not verify. */
  verpForged?: boolean;
  /** True when the message arrived on a VERP token whose HMAC verified (a signed bounce). */
  verpSigned?: boolean;
}

export interface ParseOptions {
  /** Envelope recipient (RCPT TO) the message arrived on; used for VERP decoding. */
  envelopeTo?: string[];
  /** Header names to copy from the original message (case-insensitive). */
  correlationHeaders?: string[];
  /** Lower-case the local part of recipient addresses (default true). */
  lowercaseLocalPart?: boolean;
  /** Signed VERP tokens on envelopeTo (see verp.ts); without it tokens are not decoded. */
  verp?: { secret: string; prefix?: string };
  /** Add `explanation` to every result (rebound parse --explain). */
  explain?: boolean;
}
