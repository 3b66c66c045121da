/**
 * A DSN passed on inside another notice: content gateways (Trend Micro IMSS and the like)
 * send the MTA's multipart/report to an administrator as an attached message/rfc822 with
 * an empty wrapper text. The attached report is read as the report.
 */
import { Buffer } from 'node:buffer';
import { Mail } from '../mail.js';
import type { MimePart } from '../mime/walk.js';
import { readDsnPart } from '../readers/dsn.js';
import type { VendorFormat } from './types.js';

/** The attached message when it is itself a delivery-status report. */
function attachedReport(mail: Mail): MimePart | undefined {
  const parts = mail.tree.parts;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    const inner = parts[i + 1];
    if (!p || !inner || p.inOriginal || p.type !== 'message/rfc822' || !inner.inOriginal) continue;
    if (
      inner.type === 'multipart/report' &&
      /delivery-status/i.test(inner.params['report-type'] ?? '')
    )
      return p;
  }
  return undefined;
}

export const forwardedDsn: VendorFormat = {
  name: 'forwarded-dsn',
  detect: (mail) => attachedReport(mail) !== undefined,
  read(mail) {
    const part = attachedReport(mail);
    if (!part) return undefined;
    const inner = new Mail(Buffer.from(mail.source.slice(part.bodyStart, part.bodyEnd), 'latin1'));
    const { results } = readDsnPart(inner);
    if (results.length === 0) return undefined;
    return { kind: 'bounce', parser: 'vendor:forwarded-dsn', results };
  },
};
