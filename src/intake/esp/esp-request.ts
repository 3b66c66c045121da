/** What each provider's check gets from the HTTP request, and what it decides. */
import { AppError } from '../../errors.js';

export interface EspRequest {
  /** The body as sent: signatures are over these bytes. */
  body: Buffer;
  header(name: string): string | undefined;
  now: Date;
}

/** `store`: keep the body in the spool; otherwise answer without storing (and log `log`). */
export type EspCheckOutcome =
  | { store: true }
  | { store: false; answer: Record<string, unknown>; log?: Record<string, unknown> };

export function providerSettings<T>(provider: string, settings: T | undefined): T {
  if (!settings)
    throw new AppError('INTAKE_ESP_DISABLED', `the ${provider} webhook is not configured`);
  return settings;
}

export function badSignature(message: string): AppError {
  return new AppError('INTAKE_ESP_SIGNATURE_INVALID', message);
}

export function invalidPayload(message: string): AppError {
  return new AppError('INTAKE_ESP_PAYLOAD_INVALID', message);
}

export function jsonOf(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
