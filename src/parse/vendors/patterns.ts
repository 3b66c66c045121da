/** Building blocks for the vendor formats' recipient patterns. */
import { ADDRESS_SOURCE } from '../text/address.js';

/** An address, optionally in angle brackets, captured (group). */
export const ADDR = `<?(${ADDRESS_SOURCE})>?`;

/** A global, multiline, case-insensitive pattern from a source with `${ADDR}` inside. */
export function recipientPattern(source: string): RegExp {
  return new RegExp(source, 'gim');
}
