/** Runs the vendor formats: the first one that recognises the message reads it. */
import { categoryFromText } from '../categories/classify.js';
import type { Mail } from '../mail.js';
import { findReplyCode, findStatus } from '../text/codes.js';
import { GENERIC_FORMAT, VENDOR_FORMATS } from '../vendors/registry.js';
import type { VendorFormat } from '../vendors/types.js';
import { readTextBounce } from './text-bounce.js';
import type { ReadContext, Reader, ReaderOutput } from './types.js';

function readWith(format: VendorFormat, mail: Mail, ctx: ReadContext): ReaderOutput | undefined {
  return format.read ? format.read(mail, ctx) : readTextBounce(mail, format);
}

/** Vendor formats that claim the message by their own markers. */
export const vendorReader: Reader = {
  name: 'vendor',
  read(mail, ctx) {
    for (const format of VENDOR_FORMATS) {
      if (!format.detect(mail)) continue;
      const out = readWith(format, mail, ctx);
      if (out) return out;
    }
    return undefined;
  },
};

const REPORT_WORDS =
  /(?:could ?n[o']t|cannot|can't|unable to|was not|wasn't|not) (?:be )?deliver|undeliver|delivery (?:to the following|has failed|failed|failure|status)|following (?:address|recipient)|permanent(?:ly)? (?:error|fatal|failure|failed)|fatal (?:error|delivery)|returned (?:mail|to sender)|failed recipient|giving up|gave up|nicht zugestellt|unzustellbar|non (?:remis|recapitabile)|no (?:se )?(?:pudo|puede) entregar|não (?:foi|pôde ser) entregue|配信|届きません/i;

/**
 * A message the generic reader claims only on its sender or subject must also read like
 * a report: an SMTP code, a reply the phrase table knows, report wording, or the marks an
 * MTA leaves (null Return-Path, Auto-Submitted, X-Failed-Recipients, the returned
 * original). A shop's "parcel could not be delivered" or a person's reply has none.
 */
function readsLikeReport(mail: Mail): boolean {
  if (mail.headers.has('x-failed-recipients')) return true;
  if (!/^\s*no\b/i.test(mail.headers.raw('auto-submitted') ?? 'no')) return true;
  if (/^\s*<\s*>\s*$/.test(mail.headers.raw('return-path') ?? '')) return true;
  if (mail.ownParts.some((p) => p.type === 'message/rfc822' || p.type.includes('rfc822-header')))
    return true;
  const body = mail.body || mail.allText;
  const region = body.length > 4096 ? body.slice(0, 4096) : body;
  return (
    Boolean(findStatus(region) ?? findReplyCode(region) ?? categoryFromText(region)) ||
    REPORT_WORDS.test(region)
  );
}

/** Anything that merely looks like a bounce (mailer-daemon sender, bounce subject). */
export const genericTextReader: Reader = {
  name: 'generic',
  read(mail, ctx) {
    if (!GENERIC_FORMAT.detect(mail) || !readsLikeReport(mail)) return undefined;
    return readWith(GENERIC_FORMAT, mail, ctx);
  },
};
