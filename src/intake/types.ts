import type { EspProvider } from '../parse/esp/types.js';

/** Where a raw message came from: a mail door, the HTTP intake, or a sending service's webhook. */
export type IntakeSource = 'smtp' | 'imap' | 'http' | EspProvider;

export interface InboundEnvelope {
  mailFrom: string;
  rcptTo: string[];
  /** Remote address of the client (SMTP) or the mailbox URL without credentials (IMAP). */
  remote?: string;
}

/** What the client's connection showed, kept on the spool row for staff (what is unknown is left out). */
export interface ClientFacts {
  /** The connecting IP address (SMTP) or the HTTP caller's address. */
  remoteIp?: string;
  /** The name given with HELO/EHLO: claimed by the client, not checked. */
  helo?: string;
  /** Whether the session ran over TLS (STARTTLS or implicit). */
  tls?: boolean;
}

export interface InboundMessage {
  source: IntakeSource;
  envelope: InboundEnvelope;
  client?: ClientFacts;
  raw: Buffer;
  receivedAt: Date;
}

export interface AcceptResult {
  spoolId: string;
  /** True when the same bytes were already in the spool: nothing new was stored. */
  duplicate: boolean;
}

/**
 * The one durable hand-off every intake uses: store the raw bytes, enqueue the spool id,
 * and only then resolve. A rejection means "not stored": SMTP answers 451, IMAP leaves the
 * message in the mailbox.
 */
export type AcceptMessage = (message: InboundMessage) => Promise<AcceptResult>;

/** A message's row in the spool once stored (`duplicate`: the same bytes were there already). */
export interface SpoolRow {
  id: number;
  duplicate: boolean;
  state: 'received' | 'processed' | 'unparseable' | 'failed';
}

/**
 * Where intake keeps raw messages: the store gives it (intake imports no SQL). `store` writes
 * a batch in one commit and answers one row per message, in order.
 */
export interface Spool {
  store(messages: readonly InboundMessage[]): Promise<SpoolRow[]>;
}
