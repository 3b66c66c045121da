/**
 * parseMessage: raw RFC 5322 bytes → kind and per-recipient results. Readers are tried
 * in a fixed order (unsubscribe, ARF, DSN, vendor formats, auto-replies); the first that
 * recognises the message wins. Never throws: any failure becomes kind `unknown`.
 */
import { Buffer } from 'node:buffer';
import { applyVerp, recipientFromReturnPaths } from './apply-verp.js';
import { finalizeResults } from './finalize.js';
import { Mail } from './mail.js';
import { readOriginal } from './original.js';
import { READERS } from './readers/registry.js';
import type { ReaderOutput } from './readers/types.js';
import { toIsoDate } from './text/date.js';
import type { ParseOptions, ParsedMessage } from './types.js';

function describe(mail: Mail, parsed: ParsedMessage): ParsedMessage {
  const messageId = mail.headers.text('message-id')?.match(/<[^<>\s]+>/)?.[0];
  if (messageId) parsed.messageId = messageId;
  const date = toIsoDate(mail.headers.raw('date'));
  if (date) parsed.date = date;
  if (mail.subject) parsed.subject = mail.subject;
  if (mail.from) parsed.from = mail.from;
  return parsed;
}

/** A redacted complaint's recipient from the reported message's VERP return path. */
function withVerpRecipient(out: ReaderOutput, options: ParseOptions): ReaderOutput['results'] {
  if (out.results.length > 0 || !out.redacted) return out.results;
  const { returnPaths, placeholders, draft } = out.redacted;
  const recipient = recipientFromReturnPaths(returnPaths, options);
  // A placeholder is kept rather than nothing: the report is still counted and shown.
  return (recipient ? [recipient] : placeholders).map((r) => ({ ...draft, recipient: r }));
}

function run(raw: Buffer, options: ParseOptions): ParsedMessage {
  if (raw.length === 0) return { kind: 'unknown', results: [], unknownReason: 'empty message' };
  const mail = new Mail(raw);
  const ctx = { envelopeTo: options.envelopeTo ?? [] };
  let recognised: ReaderOutput | undefined;
  for (const reader of READERS) {
    const out = reader.read(mail, ctx);
    if (!out) continue;
    if (out.results.length > 0 || out.kind === 'unsubscribe') {
      recognised = out;
      break;
    }
    recognised ??= out;
  }
  const lowercaseLocalPart = options.lowercaseLocalPart ?? true;
  const parsed: ParsedMessage = describe(mail, { kind: 'unknown', results: [] });
  if (!recognised) {
    parsed.unknownReason = 'not a bounce, complaint, auto-reply or unsubscribe request';
  } else {
    parsed.parser = recognised.parser;
    parsed.results = finalizeResults(withVerpRecipient(recognised, options), {
      lowercaseLocalPart,
      date: parsed.date,
      explain: options.explain,
    });
    parsed.kind = recognised.kind;
    // A complaint whose recipient is redacted stays a complaint: the original's
    // Message-ID still lets the worker find the recipient.
    if (
      parsed.results.length === 0 &&
      recognised.kind !== 'unsubscribe' &&
      recognised.kind !== 'complaint'
    ) {
      parsed.kind = 'unknown';
      parsed.unknownReason = recognised.unknownReason ?? `${recognised.parser}: no recipient found`;
    }
  }
  const original = readOriginal(mail, options.correlationHeaders ?? []);
  if (original) parsed.original = original;
  return applyVerp(parsed, options);
}

/**
 * Reads one inbound message. Never throws and never blocks for long: bodies are read
 * only as far as needed and every part is size-capped; malformed input gives kind
 * `unknown` with `unknownReason`.
 */
export async function parseMessage(
  raw: Buffer,
  options: ParseOptions = {},
): Promise<ParsedMessage> {
  return parseMessageSync(raw, options);
}

/** Synchronous form of parseMessage, for batch tools and benchmarks. */
export function parseMessageSync(raw: Buffer, options: ParseOptions = {}): ParsedMessage {
  try {
    const input = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as unknown as Uint8Array);
    return run(input, options);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'unknown', results: [], unknownReason: `malformed: ${message.slice(0, 200)}` };
  }
}
