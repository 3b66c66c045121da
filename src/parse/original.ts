/**
 * What the bounce tells about the original message: its Message-ID, List-Unsubscribe,
 * and the configured correlation headers (e.g. X-Delivery-Id), read from the attached
 * message/rfc822 or text/rfc822-headers part (RFC 3462/6522), or a quoted header block.
 */
import type { Mail } from './mail.js';
import type { ParsedMessage } from './types.js';

export function readOriginal(mail: Mail, correlationHeaders: string[]): ParsedMessage['original'] {
  const headers = mail.originalHeaders;
  if (!headers) return undefined;
  const out: NonNullable<ParsedMessage['original']> = {};
  const messageId = headers.text('message-id')?.match(/<[^<>\s]+>/)?.[0];
  if (messageId) out.messageId = messageId;
  const listUnsubscribe = headers.text('list-unsubscribe');
  if (listUnsubscribe) out.listUnsubscribe = listUnsubscribe;
  const correlation: Record<string, string> = {};
  for (const name of correlationHeaders) {
    const value = headers.text(name);
    if (value !== undefined) correlation[name.toLowerCase()] = value.trim();
  }
  if (Object.keys(correlation).length > 0) out.correlation = correlation;
  return Object.keys(out).length > 0 ? out : undefined;
}
