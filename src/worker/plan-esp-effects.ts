/**
 * Pure: what a provider's webhook means for each address — each event goes through the very
 * planning a parsed bounce does (planRecipientEffects: qualification of the text, complaint
 * feedback types, delivered, unsubscribe with a profile id), then carries the provider's event
 * id as its idempotency key (delivery_events.external_id), so a resent event, in whatever
 * batch, has its effect once.
 */
import type { FinalEspReading } from '../parse/esp/index.js';
import type { ParsedMessage } from '../parse/types.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';
import { planRecipientEffects, type RecipientEffect } from './plan-recipient-effects.js';

export function planEspEffects(
  reading: FinalEspReading,
  context: { receivedAt: Date; qualify(input: QualifyInput): Verdict },
): RecipientEffect[] {
  return reading.events.flatMap((event, index) => {
    const message: ParsedMessage = {
      kind: event.kind,
      results: [event.result],
      parser: `esp:${reading.provider}`,
      // The webhook's signature (checked at intake) vouches for the event as a VERP token
      // vouches for a bounce: it is never held as unsigned.
      verpSigned: true,
      // Custom args, metadata and headers play the original's correlation headers.
      original: { correlation: event.correlation },
    };
    return planRecipientEffects(message, {
      rcptTo: [],
      receivedAt: context.receivedAt,
      fblAddresses: [],
      qualify: context.qualify,
      signedWebhook: true,
    }).map((effect) => ({
      ...effect,
      recipientIndex: index,
      externalId: `${reading.provider}:${event.id}`.slice(0, 500),
    }));
  });
}
