/**
 * The generic reader for bounces whose recipient and reason are only in free text:
 * cut the report region, split it into per-recipient blocks, classify each block's text.
 * Vendor formats (vendors/) tune it with markers; unknown MTAs get the generic markers.
 */
import type { Category } from '../../core/vocabulary.js';
import { categoryFromText } from '../categories/classify.js';
import { categoryFromStatus } from '../categories/status-map.js';
import type { Mail } from '../mail.js';
import { findAllAddresses } from '../text/address.js';
import { findReplyCode, findStatus } from '../text/codes.js';
import { recipientBlocks, type RecipientBlock } from '../text/recipient-blocks.js';
import { reportRegion } from '../text/report-region.js';
import { findSmtpCommand } from '../text/smtp-command.js';
import type { VendorFormat } from '../vendors/types.js';
import type { DraftResult, ReaderOutput } from './types.js';

const SERVICE_LOCAL =
  /^(?:mailer-daemon|postmaster|mail-daemon|maildaemon|double-bounce|bounce|bounces)$/i;

/** Addresses of the bounce's own headers, never the failed recipient (`to` = the sender). */
function partyAddresses(mail: Mail, names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    for (const v of mail.headers.all(name))
      for (const a of findAllAddresses(v)) out.add(a.toLowerCase());
  }
  return out;
}

const AUTHOR_HEADERS = ['from', 'return-path', 'reply-to', 'sender'];
const ADDRESSEE_HEADERS = ['to', 'delivered-to'];

function usable(address: string, parties: Set<string>): boolean {
  const lower = address.toLowerCase();
  if (parties.has(lower)) return false;
  const local = lower.slice(0, lower.lastIndexOf('@'));
  return !SERVICE_LOCAL.test(local);
}

/**
 * Who may be a recipient block's address. The bounce's author never is. Where a vendor's
 * start marker placed the region, an address on its own line there is the failed one even
 * when it is a postmaster or the bounce's addressee (a message sent to oneself, or to the
 * peer's postmaster); elsewhere those are excluded, as in free text.
 */
function blockFilter(mail: Mail, anchored: boolean): (address: string) => boolean {
  const authors = partyAddresses(mail, AUTHOR_HEADERS);
  if (anchored) return (a) => !authors.has(a.toLowerCase());
  const parties = partyAddresses(mail, [...AUTHOR_HEADERS, ...ADDRESSEE_HEADERS]);
  return (a) => usable(a, parties);
}

function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Category of the block, else of the whole region, else the format's default. */
function categorize(block: string, region: string, format: VendorFormat): Category | undefined {
  const status = findStatus(block);
  if (categoryFromText(block) || categoryFromStatus(status)) return undefined;
  return categoryFromText(region) ?? format.defaultCategory;
}

/** A delay warning's wording: the MTA is still trying (RFC 3464 action "delayed"). */
const STILL_TRYING =
  /temporary problem delivering|delivery incomplete|(?:will|shall) (?:retry|keep trying|continue trying|try again)|still being retried|warning only|not yet been delivered/i;

const GAVE_UP =
  /permanent error|i've given up|not going to try again|retry timeout exceeded|delivery failed permanently|failed permanently/i;

/**
 * One recipient's draft. `shared` says the region's text may stand in for the block's:
 * true unless several recipients each have their own reply, where the region's first
 * code or phrase belongs to another recipient.
 */
function draftFor(
  address: string,
  blockText: string,
  region: string,
  format: VendorFormat,
  notice: string,
  context?: string,
  shared = true,
): DraftResult {
  // A format that states the error once (e.g. above "RCPT TO: <x>" lines) gives `context`.
  const diag =
    flatten(context ?? '') ||
    flatten(blockText).replace(/^[:;,\s]+/, '') ||
    flatten(region).slice(0, 600);
  const d: DraftResult = { recipient: address, action: 'failed' };
  d.region = context
    ? `${format.name}: message-level error`
    : flatten(blockText)
      ? `${format.name}: recipient block`
      : `${format.name}: report region`;
  if (diag) d.diagnostic = diag;
  const fallback = shared ? region : '';
  const status = findStatus(diag) ?? findStatus(fallback);
  if (status) d.status = status;
  const reply = findReplyCode(diag) ?? findReplyCode(fallback);
  if (reply) d.replyCode = reply;
  const command = findSmtpCommand(diag) ?? findSmtpCommand(fallback);
  if (command) d.smtpCommand = command;
  const category = categorize(diag, fallback, format);
  if (category) d.category = category;
  // qmail and Exim report a 4.x.x reply as "permanent" once they stop retrying. A delay
  // warning says so above the recipient list (Postfix's "THIS IS A WARNING ONLY").
  const gaveUp = GAVE_UP.test(notice);
  const stillTrying = category === 'expired' || STILL_TRYING.test(notice);
  if (!gaveUp && (status?.startsWith('4') || (stillTrying && !status?.startsWith('5'))))
    d.action = 'delayed';
  return d;
}

/** Recipients from headers that some MTAs add (Exim's X-Failed-Recipients) or the original's To. */
function fallbackRecipients(mail: Mail, parties: Set<string>): string[] {
  const failed = failedHeader(mail);
  if (failed.length > 0) return failed;
  const original = mail.originalHeaders;
  const to = original ? findAllAddresses(original.all('to').join(', ')) : [];
  return to.filter((a) => usable(a, parties)).slice(0, 1);
}

function failedHeader(mail: Mail): string[] {
  return mail.headers.all('x-failed-recipients').flatMap((v) => findAllAddresses(v));
}

/**
 * Blocks opened by the format's own recipient pattern, each running to the next match or
 * to a line that the format says starts something else (`blockEnd`).
 */
function patternBlocks(
  region: string,
  format: VendorFormat & { recipients: RegExp },
): RecipientBlock[] {
  const matches = [...region.matchAll(format.recipients)];
  return matches.flatMap((m, i): RecipientBlock[] => {
    const address = m.slice(1).find((g) => g !== undefined);
    if (!address || m.index === undefined) return [];
    const end = matches[i + 1]?.index ?? region.length;
    // The matched line stays in: it often carries the reply ("550 <a>... User unknown").
    const [first = '', ...rest] = region.slice(m.index, end).split('\n').slice(0, 12);
    const stop = format.blockEnd ? rest.findIndex((l) => format.blockEnd?.test(l)) : -1;
    const text = [first, ...(stop < 0 ? rest : rest.slice(0, stop))].join('\n');
    return [{ address, text, weak: false }];
  });
}

/**
 * X-Failed-Recipients (Exim and its descendants) lists exactly the failed addresses: when
 * it is there, text blocks naming other addresses (the sender, a forwarding alias) go.
 */
function keepFailed(blocks: RecipientBlock[], failed: string[]): RecipientBlock[] {
  if (failed.length === 0) return blocks;
  const wanted = new Set(failed.map((a) => a.toLowerCase()));
  const kept = blocks.filter((b) => wanted.has(b.address.toLowerCase()));
  return kept.length > 0 ? kept : blocks;
}

const RCPT_COMMAND = /RCPT TO:\s*<([^<>\s]+@[^<>\s]+)>/gi;

function rcptCommands(region: string): string[] {
  return [...region.matchAll(RCPT_COMMAND)].map((m) => m[1] ?? '').filter(Boolean);
}

export function readTextBounce(mail: Mail, format: VendorFormat): ReaderOutput {
  const parser = `vendor:${format.name}`;
  const text = mail.body || mail.allText;
  const region = reportRegion(text, { start: format.start, end: format.end });
  // The whole notice above the returned original: the preamble says whether it is final.
  const notice = reportRegion(text, { end: format.end });
  const anchored = format.start?.test(text) ?? false;
  const parties = partyAddresses(mail, [...AUTHOR_HEADERS, ...ADDRESSEE_HEADERS]);
  const byPattern = format.recipients
    ? patternBlocks(region, { ...format, recipients: format.recipients })
    : [];
  const accept = blockFilter(mail, anchored || byPattern.length > 0);
  // A notice quoted or reflowed (forwarded by a person) falls back to the line reading.
  const found = byPattern.length > 0 ? byPattern : recipientBlocks(region);
  const blocks = keepFailed(found, failedHeader(mail)).filter((b) => accept(b.address));
  const strong = blocks.filter((b) => !b.weak);
  const chosen = strong.length > 0 ? strong : blocks;
  // The message-level error may stand before the start marker (MailMarshal, James).
  const context = format.diagnostic?.exec(text)?.[1];
  const distinct = new Set(chosen.map((b) => b.address.toLowerCase())).size;
  const own = distinct > 1 && chosen.every((b) => b.text.trim().length > 0);
  const results: DraftResult[] = chosen.map((b) =>
    draftFor(b.address, b.text, region, format, notice, context, !own),
  );
  if (results.length === 0) {
    const fromHeaders = fallbackRecipients(mail, parties);
    // A quoted SMTP dialogue names the recipient in its RCPT command; other addresses in
    // free text may be the sender's (MDaemon, IMail and Kerio transcripts).
    const inText = [...rcptCommands(region), ...findAllAddresses(region)].filter((a) =>
      usable(a, parties),
    );
    const addresses = fromHeaders.length > 0 ? fromHeaders : inText.slice(0, 1);
    for (const a of addresses) results.push(draftFor(a, '', region, format, notice, context));
  }
  return { kind: 'bounce', parser, results, unknownReason: `${parser}: no recipient found` };
}
