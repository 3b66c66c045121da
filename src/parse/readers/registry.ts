/**
 * The readers, in the order they are tried. Structured reports (ARF, DSN) come before
 * free-text vendor formats; the generic text reader is last.
 */
import { dsnReader } from './dsn.js';
import type { Reader } from './types.js';
import { genericTextReader, vendorReader } from './vendor.js';

export const READERS: readonly Reader[] = [dsnReader, vendorReader, genericTextReader];
