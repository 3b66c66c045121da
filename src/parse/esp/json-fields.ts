/** Small readers of untrusted JSON: a wrong type reads as absent, never as a crash. */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value.slice(0, 4_000) : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj).filter((x): x is Json => x !== undefined) : [];
}

/** Parses JSON text; undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Unix seconds (a number or digits, fractions allowed) as ISO 8601; undefined otherwise. */
export function unixToIso(value: unknown): string | undefined {
  const text = str(value);
  if (!text || !/^\d{9,11}(?:\.\d+)?$/.test(text)) return undefined;
  return new Date(Number(text) * 1000).toISOString();
}

/** An ISO 8601 date as given, when it parses. */
export function isoOrUndefined(value: unknown): string | undefined {
  const text = str(value);
  if (!text || Number.isNaN(Date.parse(text))) return undefined;
  return new Date(text).toISOString();
}

const CORRELATION_NAMES = ['delivery', 'profile', 'service'] as const;

/**
 * The sender's correlation values among a provider's custom fields (SendGrid custom args,
 * Mailgun user-variables, Postmark Metadata, SES headers and tags), under the header names the
 * mail path uses (`x-delivery-id`, `x-profile-id`, `x-service`). Accepted spellings:
 * `X-Delivery-Id`, `delivery_id`, `deliveryId`, `delivery-id` (any case); `service` alone too.
 */
export function correlationOf(fields: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fields) return out;
  for (const [key, value] of Object.entries(fields)) {
    const text = str(Array.isArray(value) ? value[0] : value);
    if (!text) continue;
    const name = key.toLowerCase().replace(/^x-/, '').replace(/[-_]/g, '');
    for (const wanted of CORRELATION_NAMES) {
      const header = wanted === 'service' ? 'x-service' : `x-${wanted}-id`;
      if (name === `${wanted}id` || (wanted === 'service' && name === 'service'))
        out[header] ??= text.slice(0, 200);
    }
  }
  return out;
}
