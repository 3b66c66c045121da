/**
 * What the HTTP intake stores in the spool: one JSON document per request, so SMS status
 * reports, inbound SMS and push feedback take the same durable path as mail (stored, then
 * queued, then qualified by the worker). Validated on the way in and again when read back.
 */
import { z } from 'zod';

const at = z.string().datetime({ offset: true }).optional();
const id = z.string().min(1).max(200).optional();

export const smsStatusReportSchema = z.strictObject({
  id,
  /** The SMSC (connector) that sent the report; picks its extraction regexes. */
  smsc: z.string().min(1).max(100).optional(),
  phone: z.string().min(3).max(40),
  /** The report as received, e.g. `id:123 sub:001 dlvrd:000 ... stat:UNDELIV err:001 text:…`. */
  text: z.string().min(1).max(2_000),
  at,
});

export const inboundSmsSchema = z.strictObject({
  id,
  phone: z.string().min(3).max(40),
  text: z.string().max(2_000),
  at,
});

export const pushFeedbackSchema = z.strictObject({
  id,
  provider: z.enum(['apns', 'fcm']),
  token: z.string().min(8).max(4_096),
  /** The provider's error code or reason, e.g. `Unregistered`, `BadDeviceToken`, `UNREGISTERED`. */
  code: z.string().min(1).max(200),
  at,
});

export const HTTP_INTAKE_LIMIT = 10_000;

export const httpIntakePayloadSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('sms-status-reports'),
    items: z.array(smsStatusReportSchema).min(1).max(HTTP_INTAKE_LIMIT),
  }),
  z.strictObject({
    type: z.literal('sms-inbound'),
    items: z.array(inboundSmsSchema).min(1).max(HTTP_INTAKE_LIMIT),
  }),
  z.strictObject({
    type: z.literal('push-feedback'),
    items: z.array(pushFeedbackSchema).min(1).max(HTTP_INTAKE_LIMIT),
  }),
]);

export type HttpIntakePayload = z.infer<typeof httpIntakePayloadSchema>;
export type SmsStatusReport = z.infer<typeof smsStatusReportSchema>;
export type InboundSms = z.infer<typeof inboundSmsSchema>;
export type PushFeedback = z.infer<typeof pushFeedbackSchema>;

/** Envelope recipient recorded for HTTP intake rows, so the spool says what they are. */
export function httpIntakeRecipient(type: HttpIntakePayload['type']): string {
  return `http:${type}`;
}

/** Reads a spooled payload back; undefined when it is not one (kept as unparseable). */
export function readHttpIntakePayload(raw: Buffer): HttpIntakePayload | undefined {
  try {
    const parsed = httpIntakePayloadSchema.safeParse(JSON.parse(raw.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
