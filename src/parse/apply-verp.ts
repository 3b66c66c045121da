/**
 * VERP wins over text: a valid token on the envelope recipient names the one recipient
 * this bounce is about (a VERP return path is per recipient), whatever the text says.
 */
import { normalizeRecipient } from './text/address.js';
import type { ParseOptions, ParsedMessage, RecipientResult } from './types.js';
import { decodeVerpAddress } from './verp.js';

export function applyVerp(parsed: ParsedMessage, options: ParseOptions): ParsedMessage {
  const verp = options.verp;
  if (!verp || !options.envelopeTo?.length) return parsed;
  for (const address of options.envelopeTo) {
    const decoded = decodeVerpAddress(address, verp);
    if (!decoded) continue;
    if (!decoded.valid) {
      if (decoded.reason === 'forged') parsed.verpForged = true;
      continue;
    }
    const recipient = normalizeRecipient(decoded.recipient, {
      lowercaseLocalPart: options.lowercaseLocalPart ?? true,
    });
    parsed.deliveryId = decoded.deliveryId;
    parsed.verpSigned = true;
    if (
      parsed.kind === 'unknown' ||
      (parsed.kind === 'unsubscribe' && parsed.results.length === 0)
    ) {
      return parsed;
    }
    const same = parsed.results.find((r) => r.recipient === recipient);
    const base: RecipientResult = same ?? parsed.results[0] ?? { recipient, category: 'undefined' };
    parsed.results = [{ ...base, recipient }];
    return parsed;
  }
  return parsed;
}

/**
 * The recipient a signed VERP envelope sender names, for complaints whose provider
 * redacted every address: the reported message's Return-Path still carries the token.
 */
export function recipientFromReturnPaths(
  returnPaths: string[],
  options: ParseOptions,
): string | undefined {
  if (!options.verp) return undefined;
  for (const address of returnPaths) {
    const decoded = decodeVerpAddress(address, options.verp);
    if (decoded?.valid) return decoded.recipient;
  }
  return undefined;
}
