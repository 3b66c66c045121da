/**
 * Amazon SES through SNS: the topic must be one of SES_TOPIC_ARNS, the message signed by an
 * SNS certificate (sns-certificates.ts); a SubscriptionConfirmation is confirmed by visiting
 * its SubscribeURL (SNS hosts only), an UnsubscribeConfirmation only logged, a Notification
 * stored.
 */
import { AppError, describeError } from '../../errors.js';
import type { EspCheckOutcome, EspRequest } from './esp-request.js';
import { badSignature, invalidPayload, jsonOf, providerSettings } from './esp-request.js';
import type { SnsCertificateCache } from './sns-certificates.js';
import { snsMessageSchema, verifySnsSignature } from './sns-message.js';
import { isTrustedSnsUrl } from './sns-urls.js';

export interface SesSettings {
  topicArns: string[];
  testOrigins: string[];
}

export async function checkSesRequest(
  request: EspRequest,
  settings: SesSettings | undefined,
  certificates: SnsCertificateCache,
): Promise<EspCheckOutcome> {
  const ses = providerSettings('ses', settings);
  const parsed = snsMessageSchema.safeParse(jsonOf(request.body));
  if (!parsed.success) throw invalidPayload('not an SNS message');
  const message = parsed.data;
  if (!ses.topicArns.includes(message.TopicArn))
    throw new AppError('INTAKE_ESP_TOPIC_REFUSED', 'TopicArn is not in SES_TOPIC_ARNS');
  const key = await certificates.publicKeyOf(message.SigningCertURL);
  if (!verifySnsSignature(message, key)) throw badSignature('the SNS signature does not verify');
  if (message.Type === 'SubscriptionConfirmation') {
    await confirmSubscription(message.SubscribeURL, ses.testOrigins);
    return {
      store: false,
      answer: { confirmed: true },
      log: { event: 'intake.esp.subscription_confirmed', topic: message.TopicArn },
    };
  }
  if (message.Type === 'UnsubscribeConfirmation')
    return {
      store: false,
      answer: { ignored: true },
      log: { event: 'intake.esp.unsubscribed', topic: message.TopicArn },
    };
  return { store: true };
}

/** Visits the SubscribeURL, which is how SNS learns the endpoint wants the topic. */
async function confirmSubscription(
  url: string | undefined,
  testOrigins: readonly string[],
): Promise<void> {
  if (!url || !isTrustedSnsUrl(url, 'subscribe', testOrigins))
    throw invalidPayload('SubscribeURL is not an SNS URL');
  let status: number;
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    status = response.status;
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    throw new AppError('INTAKE_ESP_CONFIRM_FAILED', `SubscribeURL: ${describeError(error)}`);
  }
  if (status < 200 || status > 299)
    throw new AppError('INTAKE_ESP_CONFIRM_FAILED', `SubscribeURL answered HTTP ${status}`);
}
