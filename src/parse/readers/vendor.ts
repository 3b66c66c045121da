/** Runs the vendor formats: the first one that recognises the message reads it. */
import type { Mail } from '../mail.js';
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

/** Anything that merely looks like a bounce (mailer-daemon sender, bounce subject). */
export const genericTextReader: Reader = {
  name: 'generic',
  read(mail, ctx) {
    return GENERIC_FORMAT.detect(mail) ? readWith(GENERIC_FORMAT, mail, ctx) : undefined;
  },
};
