import type { InboundEnvelope } from '../types.js';

/** Headers are at most this far into the message; a DSN's header block is a few KB. */
const HEADER_SCAN_LIMIT = 64 * 1024;

const ADDRESS = /[^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+/g;

/**
 * Rebuilds the SMTP envelope the mailbox's MTA saw, from the trace headers it wrote: the
 * final MTA records MAIL FROM as `Return-Path` (RFC 5321 §4.4) and Postfix, Exim and Dovecot
 * LDA add `Delivered-To` with the envelope recipient. `To` is a fallback only, since a bounce
 * reaching the return-path mailbox is addressed to the VERP address in the envelope, not the
 * header. The poller does not parse anything else: the worker decides what the message is.
 */
export function envelopeFromHeaders(
  raw: Buffer,
  mailboxUser: string,
  remote: string,
): InboundEnvelope {
  const headers = readHeaders(raw);
  const returnPath = headers.get('return-path')?.[0];
  const mailFrom = returnPath ? (returnPath.match(ADDRESS)?.[0] ?? '') : '';
  const deliveredTo = (headers.get('delivered-to') ?? []).flatMap((v) => v.match(ADDRESS) ?? []);
  const to = (headers.get('to') ?? []).flatMap((v) => v.match(ADDRESS) ?? []);
  // Only the topmost Delivered-To is this mailbox's: older ones come from forwarding hops.
  const rcptTo = deliveredTo.length > 0 ? deliveredTo.slice(0, 1) : to.length > 0 ? to : [];
  if (rcptTo.length === 0 && mailboxUser.includes('@')) rcptTo.push(mailboxUser);
  return { mailFrom, rcptTo, remote };
}

/** Unfolded header fields by lower-cased name, in message order. */
function readHeaders(raw: Buffer): Map<string, string[]> {
  const head = raw.subarray(0, HEADER_SCAN_LIMIT).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end === -1 ? head : head.slice(0, end);
  const fields = new Map<string, string[]>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const list = fields.get(name) ?? [];
    list.push(line.slice(colon + 1).trim());
    fields.set(name, list);
  }
  return fields;
}
