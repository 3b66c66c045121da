/**
 * Webhooks of sending services: `POST /esp/ses` (Amazon SES through SNS), `/esp/sendgrid`,
 * `/esp/postmark`, `/esp/mailgun`. No bearer token — the provider's own signature or
 * credentials are checked on the raw body instead, before anything is stored. An accepted
 * body goes into the spool as it came (source = the provider) and is answered 200 once stored
 * and queued; the worker reads it (parse/esp/) and applies each event once by its id. A
 * provider without configuration answers 404 INTAKE_ESP_DISABLED.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import type { EspIntakeConfig } from '../../config.js';
import type { EspProvider } from '../../parse/esp/index.js';
import { AppError, describeError, isAppError } from '../../errors.js';
import { createSnsCertificateCache } from '../../intake/esp/sns-certificates.js';
import { snsMessageSchema, verifySnsSignature } from '../../intake/esp/sns-message.js';
import { isTrustedSnsUrl } from '../../intake/esp/sns-urls.js';
import { sendgridPublicKey, verifySendgridSignature } from '../../intake/esp/sendgrid-signature.js';
import { verifyMailgunSignature } from '../../intake/esp/mailgun-signature.js';
import { basicAuthMatches } from '../../intake/esp/basic-auth.js';
import { withinSignatureWindow } from '../../intake/esp/signature-window.js';
import { recordSignatureToken } from '../../store/esp-token-repository.js';
import { sha256Hex } from '../../store/spool-repository.js';

const DEFAULTS: EspIntakeConfig = { maxBodyBytes: 1024 * 1024, signatureWindowSeconds: 300 };

type Check = (request: FastifyRequest, body: Buffer, reply: FastifyReply) => Promise<unknown>;

export function registerEspIntakeRoutes(app: FastifyInstance, context: ApiContext): void {
  const accept = context.acceptMessage;
  if (!accept) return;
  const esp = context.esp ?? DEFAULTS;
  const now = () => context.now?.() ?? new Date();
  const certificates = createSnsCertificateCache({ testOrigins: esp.ses?.testOrigins ?? [] });
  const sendgridKey = esp.sendgrid ? sendgridPublicKey(esp.sendgrid.publicKey) : undefined;

  const store = async (provider: EspProvider, request: FastifyRequest, raw: Buffer) => {
    try {
      const stored = await accept({
        source: provider,
        envelope: { mailFrom: '', rcptTo: [`esp:${provider}`], remote: request.ip },
        client: { remoteIp: request.ip },
        raw,
        receivedAt: now(),
      });
      return { spoolId: stored.spoolId, duplicate: stored.duplicate };
    } catch (error) {
      throw new AppError('INTAKE_STORE_FAILED', describeError(error), { cause: error });
    }
  };

  const checks: Record<EspProvider, Check> = {
    async ses(request, body) {
      const ses = enabled('ses', esp.ses);
      const parsed = snsMessageSchema.safeParse(jsonOf(body));
      if (!parsed.success) throw invalid('not an SNS message');
      const message = parsed.data;
      if (!ses.topicArns.includes(message.TopicArn))
        throw new AppError('INTAKE_ESP_TOPIC_REFUSED', 'TopicArn is not in SES_TOPIC_ARNS');
      const key = await certificates.publicKeyOf(message.SigningCertURL);
      if (!verifySnsSignature(message, key))
        throw badSignature('the SNS signature does not verify');
      if (message.Type === 'SubscriptionConfirmation') {
        await confirmSubscription(message.SubscribeURL, ses.testOrigins);
        request.log.info({ event: 'intake.esp.subscription_confirmed', topic: message.TopicArn });
        return { confirmed: true };
      }
      if (message.Type === 'UnsubscribeConfirmation') {
        request.log.warn({ event: 'intake.esp.unsubscribed', topic: message.TopicArn });
        return { ignored: true };
      }
      return store('ses', request, body);
    },
    async sendgrid(request, body) {
      enabled('sendgrid', esp.sendgrid);
      const signature = header(request, 'x-twilio-email-event-webhook-signature');
      const timestamp = header(request, 'x-twilio-email-event-webhook-timestamp');
      if (!signature || !timestamp) throw badSignature('signature or timestamp header missing');
      if (!withinSignatureWindow(timestamp, now(), esp.signatureWindowSeconds))
        throw badSignature('the signed timestamp is outside ESP_SIGNATURE_WINDOW_SECONDS');
      if (!verifySendgridSignature(body, timestamp, signature, sendgridKey!))
        throw badSignature('the SendGrid signature does not verify');
      if (!Array.isArray(jsonOf(body))) throw invalid('not a JSON array of events');
      return store('sendgrid', request, body);
    },
    async postmark(request, body, reply) {
      const postmark = enabled('postmark', esp.postmark);
      if (!basicAuthMatches(request.headers.authorization, postmark)) {
        reply.header('www-authenticate', 'Basic realm="rebound-esp"');
        throw badSignature('basic credentials missing or wrong');
      }
      const value = jsonOf(body);
      if (!isObject(value) || typeof value['RecordType'] !== 'string')
        throw invalid('not a Postmark webhook (no RecordType)');
      return store('postmark', request, body);
    },
    async mailgun(request, body) {
      const mailgun = enabled('mailgun', esp.mailgun);
      const value = jsonOf(body);
      if (!isObject(value) || !isObject(value['event-data']))
        throw invalid('not a Mailgun webhook (no event-data)');
      const sig = isObject(value['signature']) ? value['signature'] : {};
      const [timestamp, token, signature] = [sig['timestamp'], sig['token'], sig['signature']].map(
        (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : ''),
      ) as [string, string, string];
      if (!timestamp || !token || !signature) throw badSignature('signature fields missing');
      if (!withinSignatureWindow(timestamp, now(), esp.signatureWindowSeconds))
        throw badSignature('the signed timestamp is outside ESP_SIGNATURE_WINDOW_SECONDS');
      if (!verifyMailgunSignature({ timestamp, token, signature }, mailgun.signingKey))
        throw badSignature('the Mailgun signature does not verify');
      const at = now();
      const use = await recordSignatureToken(context.db, {
        provider: 'mailgun',
        token: token.slice(0, 200),
        bodySha256: sha256Hex(body),
        at,
        forgetBefore: new Date(at.getTime() - 2 * esp.signatureWindowSeconds * 1000),
      });
      // The signature does not cover the body: a token already used may not vouch for another.
      if (use === 'replayed')
        throw new AppError('INTAKE_ESP_TOKEN_REPLAYED', 'this signature token was already used');
      return store('mailgun', request, body);
    },
  };

  void app.register(async (scope) => {
    // Signatures are over the bytes as sent: every content type (SNS posts text/plain) is read raw.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: esp.maxBodyBytes },
      (_request, body, done) => done(null, body),
    );
    for (const provider of Object.keys(checks) as EspProvider[]) {
      scope.post(`/esp/${provider}`, { bodyLimit: esp.maxBodyBytes }, async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        try {
          return await checks[provider](request, body, reply);
        } catch (error) {
          if (isAppError(error) && error.code !== 'INTAKE_STORE_FAILED')
            request.log.warn({ event: 'intake.esp.refused', provider, code: error.code });
          throw error;
        }
      });
    }
  });
}

function enabled<T>(provider: EspProvider, settings: T | undefined): T {
  if (!settings)
    throw new AppError('INTAKE_ESP_DISABLED', `the ${provider} webhook is not configured`);
  return settings;
}

function badSignature(message: string): AppError {
  return new AppError('INTAKE_ESP_SIGNATURE_INVALID', message);
}

function invalid(message: string): AppError {
  return new AppError('INTAKE_ESP_PAYLOAD_INVALID', message);
}

function jsonOf(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Visits the SubscribeURL (SNS host only), which is how SNS learns the endpoint wants the topic. */
async function confirmSubscription(
  url: string | undefined,
  testOrigins: readonly string[],
): Promise<void> {
  if (!url || !isTrustedSnsUrl(url, 'subscribe', testOrigins))
    throw invalid('SubscribeURL is not an SNS URL');
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
