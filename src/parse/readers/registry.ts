/**
 * The readers, in the order they are tried. Structured reports (ARF, DSN) come first,
 * then the vendor formats (including non-ARF complaints), unsubscribe requests,
 * auto-replies, and last the generic reader for anything that looks like a bounce.
 */
import { arfReader } from './arf.js';
import { autoReplyReader } from './autoreply.js';
import { dsnReader } from './dsn.js';
import { mdnRejectReader } from './mdn-reject.js';
import type { Reader } from './types.js';
import { unsubscribeReader } from './unsubscribe.js';
import { genericTextReader, vendorReader } from './vendor.js';

export const READERS: readonly Reader[] = [
  arfReader,
  dsnReader,
  mdnRejectReader,
  vendorReader,
  unsubscribeReader,
  autoReplyReader,
  genericTextReader,
];
