/** Field-by-field equality of two address records (dates by instant). */
import type { AddressRecord } from './types.js';

export function recordsEqual(a: AddressRecord | undefined, b: AddressRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof AddressRecord)[]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x instanceof Date && y instanceof Date) {
      if (x.getTime() !== y.getTime()) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}
