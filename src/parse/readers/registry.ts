/**
 * The readers, in the order they are tried. Specific formats come before generic ones:
 * a vendor reader may claim a message that also carries a (poorer) DSN part.
 */
import { dsnReader } from './dsn.js';
import type { Reader } from './types.js';

export const READERS: readonly Reader[] = [dsnReader];
