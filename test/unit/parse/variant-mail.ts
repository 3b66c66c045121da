/**
 * Builds synthetic bounce messages for the format-variant tests: one template, rendered
 * with the variations real MTAs produce (CRLF or LF, quoted-printable or base64 text,
 * a delivery-status part or none, the original returned whole, as headers, or not at all).
 */
import { Buffer } from 'node:buffer';

export type Encoding = '7bit' | 'quoted-printable' | 'base64';

export interface Part {
  type: string;
  body: string;
  encoding?: Encoding;
  charset?: string;
}

export interface VariantMail {
  headers: Record<string, string>;
  /** A single body (no MIME structure) or the parts of a multipart message. */
  body?: string;
  parts?: Part[];
  /** multipart/report (default) or multipart/mixed. */
  multipart?: 'report' | 'mixed';
  crlf?: boolean;
  /** Encoding of a single body. */
  encoding?: Encoding;
}

function qp(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let line = '';
  const out: string[] = [];
  for (const b of bytes) {
    if (b === 0x0a) {
      out.push(line);
      line = '';
      continue;
    }
    const ch =
      b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x09)
        ? `=${b.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(b);
    if (line.length + ch.length > 72) {
      out.push(`${line}=`);
      line = '';
    }
    line += ch;
  }
  out.push(line);
  return out.join('\n');
}

function encode(text: string, encoding: Encoding = '7bit'): string {
  if (encoding === 'quoted-printable') return qp(text);
  if (encoding === 'base64')
    return (
      Buffer.from(text, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\n');
  return text;
}

function headerBlock(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** Renders the message as bytes. */
export function renderMail(m: VariantMail): Buffer {
  const headers: Record<string, string> = { 'MIME-Version': '1.0', ...m.headers };
  let text: string;
  if (m.parts) {
    const boundary = 'variant-boundary-0001';
    const subtype = m.multipart ?? 'report';
    const params = subtype === 'report' ? '; report-type=delivery-status' : '';
    headers['Content-Type'] = `multipart/${subtype}${params};\n\tboundary="${boundary}"`;
    const parts = m.parts.map((p) => {
      const charset = p.charset ?? (p.type.startsWith('text/') ? 'us-ascii' : undefined);
      const ct = charset ? `${p.type}; charset=${charset}` : p.type;
      const cte = p.encoding ? `\nContent-Transfer-Encoding: ${p.encoding}` : '';
      return `--${boundary}\nContent-Type: ${ct}${cte}\n\n${encode(p.body, p.encoding)}\n`;
    });
    text = `${headerBlock(headers)}\n\nThis is a MIME-encapsulated message.\n\n${parts.join('')}--${boundary}--\n`;
  } else {
    headers['Content-Type'] ??= 'text/plain; charset=us-ascii';
    if (m.encoding) headers['Content-Transfer-Encoding'] = m.encoding;
    text = `${headerBlock(headers)}\n\n${encode(m.body ?? '', m.encoding)}\n`;
  }
  return Buffer.from(m.crlf ? text.replace(/\n/g, '\r\n') : text, 'utf8');
}

/** A returned original: whole, headers only, or absent. */
export function originalMessage(to: string, withBody = true): string {
  const head = [
    'Return-Path: <sender@example.org>',
    'Received: from client.example.org (client.example.org [192.0.2.10])',
    '\tby mail.example.org (Postfix) with ESMTP id 4A1B2C3D4E',
    '\tfor <' + to + '>; Mon, 2 Mar 2026 10:00:00 +0900 (JST)',
    'From: Sender <sender@example.org>',
    `To: ${to}`,
    'Subject: Monthly report',
    'Date: Mon, 2 Mar 2026 10:00:00 +0900',
    'Message-ID: <20260302010000.4A1B2C3D4E@mail.example.org>',
  ].join('\n');
  return withBody ? `${head}\n\nHello,\nthis is the report.\n` : `${head}\n`;
}
