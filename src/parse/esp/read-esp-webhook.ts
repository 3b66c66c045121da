/**
 * One entry point for the worker: the stored body of a provider's webhook → events whose
 * results are finalized like a mail reader's (normalized recipient, status and reply code
 * from the text, category), ready for the same planning as a parsed bounce.
 */
import { finalizeResults } from '../finalize.js';
import type { RecipientResult } from '../types.js';
import { readMailgunWebhook } from './mailgun.js';
import { readPostmarkWebhook } from './postmark.js';
import { readSendgridWebhook } from './sendgrid.js';
import { readSesWebhook } from './ses.js';
import type { EspEvent, EspProvider, EspReading } from './types.js';

const READERS: Readonly<Record<EspProvider, (raw: string) => EspReading>> = {
  ses: readSesWebhook,
  sendgrid: readSendgridWebhook,
  postmark: readPostmarkWebhook,
  mailgun: readMailgunWebhook,
};

export interface FinalEspEvent extends Omit<EspEvent, 'draft'> {
  result: RecipientResult;
}

export interface FinalEspReading extends Omit<EspReading, 'events'> {
  events: FinalEspEvent[];
}

export function readEspWebhook(
  provider: EspProvider,
  raw: Buffer | string,
  options: { lowercaseLocalPart: boolean },
): FinalEspReading {
  const reading = READERS[provider](typeof raw === 'string' ? raw : raw.toString('utf8'));
  const events: FinalEspEvent[] = [];
  let skipped = reading.skipped;
  for (const { draft, ...event } of reading.events) {
    const [result] = finalizeResults([draft], { lowercaseLocalPart: options.lowercaseLocalPart });
    if (result) events.push({ ...event, result });
    else skipped++; // not an address (finalize refuses it)
  }
  return { ...reading, events, skipped };
}
