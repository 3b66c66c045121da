/**
 * The fields of a message/delivery-status body (RFC 3464 §2.1): one per-message group,
 * then one group per recipient. Real reports omit blank lines, repeat groups or fold
 * fields, so records are split on Final-Recipient rather than on blank lines alone.
 */
import libmime from 'libmime';
import { parseHeaderBlock, type HeaderField } from '../mime/headers.js';

export interface DsnRecord {
  [field: string]: string | undefined;
}

export interface DsnReport {
  perMessage: DsnRecord;
  recipients: DsnRecord[];
}

const PER_MESSAGE = new Set([
  'reporting-mta',
  'dsn-gateway',
  'received-from-mta',
  'arrival-date',
  'original-envelope-id',
  'x-original-message-id',
]);

function decodeValue(v: string): string {
  if (!v.includes('=?')) return v;
  try {
    return libmime.decodeWords(v);
  } catch {
    return v;
  }
}

/** Splits the text of a delivery-status part into per-message and per-recipient records. */
export function parseDsnFields(text: string): DsnReport {
  const fields: HeaderField[] = parseHeaderBlock(
    text.replace(/\n[ \t]*\n/g, '\n'),
    Infinity,
  ).fields;
  const perMessage: DsnRecord = {};
  const recipients: DsnRecord[] = [];
  let current: DsnRecord | undefined;
  for (const f of fields) {
    const name = f.name.toLowerCase();
    const value = decodeValue(f.value);
    if (PER_MESSAGE.has(name) && (current === undefined || !(name in perMessage))) {
      perMessage[name] ??= value;
      continue;
    }
    const startsRecord = name === 'final-recipient' || name === 'original-recipient';
    if (startsRecord && (!current || startsNewRecord(current, name))) {
      current = {};
      recipients.push(current);
    }
    if (!current) {
      current = {};
      recipients.push(current);
    }
    if (current[name] === undefined) current[name] = value;
    else if (name === 'diagnostic-code') current[name] += ' ' + value;
  }
  return { perMessage, recipients: recipients.filter(hasRecipient) };
}

/**
 * Original-Recipient normally precedes Final-Recipient (RFC 3464 §2.3), but some MTAs
 * write it after: it opens a new record only once the current one has per-recipient data.
 */
function startsNewRecord(current: DsnRecord, name: string): boolean {
  if (current[name] !== undefined) return true;
  if (name !== 'original-recipient' || current['final-recipient'] === undefined) return false;
  return current['action'] !== undefined || current['status'] !== undefined;
}

function hasRecipient(r: DsnRecord): boolean {
  return Boolean(r['final-recipient'] ?? r['original-recipient'] ?? r['x-actual-recipient']);
}

/** Strips a type prefix such as `smtp;`, `dns;` or `X-Postfix;` (RFC 3464 §2.3.6, §2.3.5). */
export function stripType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const stripped = value.replace(/^\s*[A-Za-z][\w-]*\s*;\s*/, '').trim();
  return stripped || undefined;
}
