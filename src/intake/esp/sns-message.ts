/**
 * Amazon SNS messages posted to an HTTP(S) subscription, and their signature (SNS Developer
 * Guide, "Verifying the signatures of Amazon SNS messages"): the string to sign is the listed
 * fields as `Name\nvalue\n`, in that order (Subject only when present); SignatureVersion 1
 * signs it with SHA1withRSA, 2 with SHA256withRSA, by the certificate at SigningCertURL —
 * which is trusted only on an SNS host over https (sns-urls.ts).
 */
import { createVerify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const field = z.string().min(1).max(300_000);

export const snsMessageSchema = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: field,
  TopicArn: field,
  Message: z.string().max(300_000),
  Timestamp: field,
  SignatureVersion: z.enum(['1', '2']),
  Signature: field,
  SigningCertURL: field,
  Subject: z.string().max(1_000).optional(),
  SubscribeURL: field.optional(),
  Token: field.optional(),
});

export type SnsMessage = z.infer<typeof snsMessageSchema>;

const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
const CONFIRMATION_FIELDS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
];

export function snsStringToSign(message: SnsMessage): string {
  const names = message.Type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  let text = '';
  for (const name of names) {
    const value = (message as Record<string, string | undefined>)[name];
    if (value === undefined) continue;
    text += `${name}\n${value}\n`;
  }
  return text;
}

/** True when the message's signature verifies with the signing certificate's public key. */
export function verifySnsSignature(message: SnsMessage, publicKey: KeyObject): boolean {
  const verifier = createVerify(message.SignatureVersion === '1' ? 'SHA1' : 'SHA256');
  verifier.update(snsStringToSign(message), 'utf8');
  try {
    return verifier.verify(publicKey, Buffer.from(message.Signature, 'base64'));
  } catch {
    return false;
  }
}
