/**
 * RFC 3464 delivery status notifications, and RFC 6533 message/global-delivery-status
 * (UTF-8 fields, `utf-8;` address type). One result per recipient group.
 */
import { chooseStatus } from '../categories/status-choice.js';
import { findReplyCode } from '../text/codes.js';
import { dsnAddress, findAllAddresses, isEncapsulatedX500 } from '../text/address.js';
import { toIsoDate } from '../text/date.js';
import { recipientBlocks } from '../text/recipient-blocks.js';
import { reportRegion } from '../text/report-region.js';
import { findSmtpCommand } from '../text/smtp-command.js';
import type { Mail } from '../mail.js';
import { parseDsnFields, stripType, type DsnRecord } from './dsn-fields.js';
import type { DraftResult, Reader, ReaderOutput } from './types.js';

const DSN_TYPES = ['message/delivery-status', 'message/global-delivery-status'];

/**
 * Bytes of a delivery-status part read: every recipient of a large report is kept (a cap at
 * 512 KiB and 2,000 fields silently dropped all but ~500 of 5,000, issue 15). Reading is
 * linear and the parse budget bounds the time.
 */
const MAX_DSN_BYTES = 16 * 1024 * 1024;

/** Per-message facts, read once for all the recipients of a report. */
interface MessageFacts {
  reportingMta: string | undefined;
  arrival: string | undefined;
}

function toDraft(r: DsnRecord, perMessage: MessageFacts): DraftResult | undefined {
  const finalRcpt = dsnAddress(r['final-recipient']);
  const original = dsnAddress(r['original-recipient']);
  const actual = dsnAddress(r['x-actual-recipient']);
  // Exchange writes an internal X.500 encapsulation as Final-Recipient; the address the
  // sender used is the Original-Recipient.
  const x500 = isEncapsulatedX500(r['final-recipient']);
  const recipient = (x500 ? original : undefined) ?? finalRcpt ?? original ?? actual;
  if (!recipient) return undefined;
  const rawDiagnostic = r['diagnostic-code'];
  // X-Unix (RFC 3464 §2.3.6) names a local program's exit status: the type is the meaning.
  const diagnostic =
    rawDiagnostic && /^\s*x-unix\s*;/i.test(rawDiagnostic)
      ? rawDiagnostic.trim()
      : stripType(rawDiagnostic);
  const draft: DraftResult = { recipient };
  if (original) draft.originalRecipient = original;
  const action = r['action']?.trim().toLowerCase().split(/\s/)[0];
  if (action) draft.action = action;
  const status = chooseStatus(r['status'], diagnostic);
  if (status) draft.status = status;
  const reply = findReplyCode(diagnostic);
  if (reply) draft.replyCode = reply;
  if (diagnostic) draft.diagnostic = diagnostic.replace(/\s+/g, ' ');
  const remote = stripType(r['remote-mta']);
  if (remote) draft.remoteMta = remote;
  const reporting = perMessage.reportingMta;
  if (reporting) draft.reportingMta = reporting;
  const time = perMessage.arrival ?? toIsoDate(r['last-attempt-date']);
  if (time) draft.eventTime = time;
  return draft;
}

/** Reads the delivery-status part into drafts; exported for vendor readers that enrich it. */
export function readDsnPart(mail: Mail): { results: DraftResult[]; found: boolean } {
  const part = mail.part(...DSN_TYPES);
  const text = part ? mail.text(part, MAX_DSN_BYTES) : inlineDsnText(mail.body);
  if (text === undefined) return { results: [], found: false };
  const report = parseDsnFields(text);
  const results: DraftResult[] = [];
  const facts: MessageFacts = {
    reportingMta: stripType(report.perMessage['reporting-mta']),
    arrival: toIsoDate(report.perMessage['arrival-date']),
  };
  const region = part ? `${part.type} part` : 'DSN fields in the text';
  for (const r of report.recipients) {
    const d = toDraft(r, facts);
    if (d) results.push({ ...d, region });
  }
  enrichFromText(mail, results);
  return { results: withSentAddresses(mail, results), found: true };
}

/**
 * Alias expansion (RFC 3464 §2.3.1, §2.3.2): Original-Recipient is the address as the
 * sender gave it, Final-Recipient the one the reporting MTA tried after expanding an alias
 * or a forward. Rebound acts on the address it sent to, so when the returned original's
 * To/Cc names the Original-Recipient and not the Final-Recipient, the same failure is also
 * reported for the Original-Recipient; the Final-Recipient's result stays, as the report
 * states it (docs/decision-order.md, "Which address").
 */
function withSentAddresses(mail: Mail, results: DraftResult[]): DraftResult[] {
  const expanded = results.filter(
    (d) => d.originalRecipient && d.originalRecipient.toLowerCase() !== d.recipient.toLowerCase(),
  );
  if (expanded.length === 0) return results;
  const headers = mail.originalHeaders;
  const sentTo = new Set(
    findAllAddresses([...(headers?.all('to') ?? []), ...(headers?.all('cc') ?? [])].join(', ')).map(
      (a) => a.toLowerCase(),
    ),
  );
  const out = [...results];
  for (const d of expanded) {
    const original = d.originalRecipient?.toLowerCase() ?? '';
    if (!sentTo.has(original) || sentTo.has(d.recipient.toLowerCase())) continue;
    out.push({ ...d, recipient: d.originalRecipient ?? original });
  }
  return out;
}

/**
 * The human-readable part often says more than the DSN fields: the refused SMTP command
 * ("in reply to end of DATA command") or the whole reply when Diagnostic-Code is absent.
 */
function enrichFromText(mail: Mail, results: DraftResult[]): void {
  if (results.length === 0 || !mail.body) return;
  const region = reportRegion(mail.body);
  const blocks = new Map<string, string>();
  for (const b of recipientBlocks(region)) {
    const key = b.address.toLowerCase();
    if (!blocks.has(key)) blocks.set(key, b.text.replace(/\s+/g, ' ').trim());
  }
  for (const d of results) {
    const text =
      blocks.get(d.recipient.toLowerCase()) ?? (results.length === 1 ? region : undefined);
    if (!text) continue;
    if (!d.diagnostic && blocks.has(d.recipient.toLowerCase()) && text) {
      d.diagnostic = text;
      d.region = 'recipient block of the text part';
    }
    if (d.diagnostic) d.diagnostic = completeReply(d.diagnostic, mail.body);
    else if (results.length === 1 && isVague(d.status)) {
      d.diagnostic = summary(region);
      d.region = 'text part (no Diagnostic-Code)';
    }
    const command = findSmtpCommand(d.diagnostic) ?? findSmtpCommand(text);
    if (command) d.smtpCommand = command;
  }
}

/**
 * Sendmail cuts a multi-line reply to its first line in Diagnostic-Code ("550-5.7.1 ...");
 * its transcript in the text part has every line ("<<< 550-5.7.1 ..."). Joins them.
 */
function completeReply(diagnostic: string, body: string): string {
  const code = /^([245]\d\d)-/.exec(diagnostic)?.[1];
  if (!code) return diagnostic;
  const head = diagnostic.slice(0, 40);
  // A few places at most: a body repeating the reply would make this quadratic.
  let tries = 0;
  for (let at = body.indexOf(head); at >= 0 && tries++ < 8; at = body.indexOf(head, at + 1)) {
    const rest: string[] = [];
    for (const raw of body.slice(at).split('\n', 30).slice(1)) {
      const line = raw.replace(/^\s*<<<\s*/, '').trim();
      if (!line.startsWith(code)) break;
      rest.push(line.replace(/^\d{3}[- ](?:\d\.\d{1,3}\.\d{1,3}\s+)?/, ''));
      if (line[3] === ' ') break;
    }
    if (rest.length > 0) return `${diagnostic} ${rest.join(' ')}`.replace(/\s+/g, ' ');
  }
  return diagnostic;
}

function isVague(status: string | undefined): boolean {
  return status === undefined || /^\d\.0\.0$/.test(status);
}

/**
 * A report without Diagnostic-Code and with a vague status: the human-readable text is
 * all that says what happened ("the address couldn't be found").
 */
function summary(region: string): string | undefined {
  const flat = region.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  return flat.length > 600 ? flat.slice(0, 600) : flat;
}

/** DSN fields pasted into the text (a report whose MIME structure was lost). */
function inlineDsnText(body: string): string | undefined {
  const at = body.search(/^Final-Recipient:/im);
  if (at < 0) return undefined;
  const start = body.lastIndexOf('\n\n', at);
  const reporting = body.search(/^Reporting-MTA:/im);
  return body
    .slice(reporting >= 0 && reporting < at ? reporting : Math.max(0, start))
    .split(/^-{2,}/m)[0];
}

function kindOf(results: DraftResult[]): ReaderOutput['kind'] {
  const success = (a: string | undefined) =>
    a === 'delivered' || a === 'relayed' || a === 'expanded';
  if (results.length > 0 && results.every((r) => success(r.action) || r.status?.startsWith('2.')))
    return 'delivered';
  return 'bounce';
}

export const dsnReader: Reader = {
  name: 'rfc3464',
  read(mail) {
    const { results, found } = readDsnPart(mail);
    if (!found) return undefined;
    if (results.length === 0) {
      return {
        kind: 'unknown',
        parser: 'rfc3464',
        results,
        unknownReason: 'delivery-status part without a recipient',
      };
    }
    return { kind: kindOf(results), parser: 'rfc3464', results };
  },
};
