/**
 * The generic reader for bounces whose recipient and reason are only in free text:
 * cut the report region, split it into per-recipient blocks, classify each block's text.
 * Vendor formats (vendors/) tune it with markers; unknown MTAs get the generic markers.
 */
import type { Category } from '../../core/vocabulary.js';
import { categoryFromText } from '../categories/classify.js';
import { categoryFromStatus } from '../categories/status-map.js';
import type { Mail } from '../mail.js';
import { findAddress, findAllAddresses } from '../text/address.js';
import { findReplyCode, findStatus } from '../text/codes.js';
import { recipientBlocks } from '../text/recipient-blocks.js';
import { reportRegion } from '../text/report-region.js';
import type { VendorFormat } from '../vendors/types.js';
import type { DraftResult, ReaderOutput } from './types.js';

const SERVICE_LOCAL = /^(?:mailer-daemon|postmaster|mail-daemon|maildaemon|double-bounce|bounce|bounces)$/i;

/** Addresses that name the bounce's own parties, never the failed recipient. */
function partyAddresses(mail: Mail): Set<string> {
  const out = new Set<string>();
  for (const name of ['from', 'to', 'return-path', 'reply-to', 'sender', 'delivered-to']) {
    for (const v of mail.headers.all(name)) for (const a of findAllAddresses(v)) out.add(a.toLowerCase());
  }
  return out;
}

function usable(address: string, parties: Set<string>): boolean {
  const lower = address.toLowerCase();
  if (parties.has(lower)) return false;
  const local = lower.slice(0, lower.lastIndexOf('@'));
  return !SERVICE_LOCAL.test(local);
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

function draftFor(address: string, blockText: string, region: string, format: VendorFormat): DraftResult {
  const diag = flatten(blockText) || flatten(region).slice(0, 600);
  const d: DraftResult = { recipient: address, action: 'failed' };
  if (diag) d.diagnostic = diag;
  const status = findStatus(diag) ?? findStatus(region);
  if (status) d.status = status;
  const reply = findReplyCode(diag) ?? findReplyCode(region);
  if (reply) d.replyCode = reply;
  const category = categorize(diag, region, format);
  if (category) d.category = category;
  if (status?.startsWith('4') || (category === 'expired' && !status?.startsWith('5'))) d.action = 'delayed';
  return d;
}

/** Recipients from headers that some MTAs add (Exim's X-Failed-Recipients) or the original's To. */
function fallbackRecipients(mail: Mail, parties: Set<string>): string[] {
  const failed = mail.headers.all('x-failed-recipients').flatMap((v) => findAllAddresses(v));
  if (failed.length > 0) return failed;
  const original = mail.originalHeaders;
  const to = original ? findAllAddresses(original.all('to').join(', ')) : [];
  return to.filter((a) => usable(a, parties)).slice(0, 1);
}

export function readTextBounce(mail: Mail, format: VendorFormat): ReaderOutput {
  const parser = `vendor:${format.name}`;
  const text = mail.body || mail.allText;
  const region = reportRegion(text, { start: format.start, end: format.end });
  const parties = partyAddresses(mail);
  const blocks = recipientBlocks(region).filter((b) => usable(b.address, parties));
  const strong = blocks.filter((b) => !b.weak);
  const chosen = strong.length > 0 ? strong : blocks;
  const results: DraftResult[] = chosen.map((b) => draftFor(b.address, b.text, region, format));
  if (results.length === 0) {
    const fromHeaders = fallbackRecipients(mail, parties);
    const inText = findAllAddresses(region).filter((a) => usable(a, parties));
    const addresses = fromHeaders.length > 0 ? fromHeaders : inText.slice(0, 1);
    for (const a of addresses) results.push(draftFor(a, '', region, format));
  }
  const xFailed = mail.headers.raw('x-failed-recipients');
  if (xFailed && results.length === 0) {
    const a = findAddress(xFailed);
    if (a) results.push(draftFor(a, '', region, format));
  }
  return { kind: 'bounce', parser, results, unknownReason: `${parser}: no recipient found` };
}
