/**
 * The formats in detection order: the most specific column sets first, Adobe's loose
 * "address + any quarantine field" last.
 */
import { adobeFormat } from './adobe.js';
import { amazonSesFormat } from './amazon-ses.js';
import { mailgunFormat } from './mailgun.js';
import { postmarkFormat } from './postmark.js';
import { reboundFormat } from './rebound.js';
import { sendgridFormat } from './sendgrid.js';
import type { FormatName, SuppressionFormat } from './types.js';

export const SUPPRESSION_FORMATS: readonly SuppressionFormat[] = [
  reboundFormat,
  postmarkFormat,
  amazonSesFormat,
  sendgridFormat,
  mailgunFormat,
  adobeFormat,
];

export function formatNamed(name: FormatName): SuppressionFormat {
  return SUPPRESSION_FORMATS.find((format) => format.name === name) ?? adobeFormat;
}

/** The first format whose columns these are, or undefined. */
export function detectFormat(keys: ReadonlySet<string>): SuppressionFormat | undefined {
  return SUPPRESSION_FORMATS.find((format) => format.detect(keys));
}
