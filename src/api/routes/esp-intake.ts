/**
 * Webhooks of sending services: `POST /esp/ses` (Amazon SES through SNS), `/esp/sendgrid`,
 * `/esp/postmark`, `/esp/mailgun`. No bearer token — the provider's own signature or
 * credentials are checked on the raw body instead (src/intake/esp/check-*-request.ts), before
 * anything is stored. An accepted body goes into the spool as it came (source = the provider)
 * and is answered 200 once stored and queued; the worker reads it (parse/esp/) and applies each
 * event once by its id. A provider without configuration answers 404 INTAKE_ESP_DISABLED.
 */
import { routeDoc } from '../openapi/route-doc.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import type { EspIntakeConfig } from '../../config.js';
import type { EspProvider } from '../../parse/esp/index.js';
import { AppError, describeError, isAppError } from '../../errors.js';
import { createSnsCertificateCache } from '../../intake/esp/sns-certificates.js';
import { sendgridPublicKey } from '../../intake/esp/sendgrid-signature.js';
import type { EspCheckOutcome, EspRequest } from '../../intake/esp/esp-request.js';
import { checkSesRequest } from '../../intake/esp/check-ses-request.js';
import { checkSendgridRequest } from '../../intake/esp/check-sendgrid-request.js';
import { checkPostmarkRequest } from '../../intake/esp/check-postmark-request.js';
import { checkMailgunRequest } from '../../intake/esp/check-mailgun-request.js';
import { recordSignatureToken } from '../../store/esp-token-repository.js';

const DEFAULTS: EspIntakeConfig = { maxBodyBytes: 1024 * 1024, signatureWindowSeconds: 300 };

export function registerEspIntakeRoutes(app: FastifyInstance, context: ApiContext): void {
  const accept = context.acceptMessage;
  if (!accept) return;
  const esp = context.esp ?? DEFAULTS;
  const certificates = createSnsCertificateCache({ testOrigins: esp.ses?.testOrigins ?? [] });
  const sendgridKey = esp.sendgrid ? sendgridPublicKey(esp.sendgrid.publicKey) : undefined;
  const windowSeconds = esp.signatureWindowSeconds;
  const checks: Record<EspProvider, (request: EspRequest) => Promise<EspCheckOutcome>> = {
    ses: (request) => checkSesRequest(request, esp.ses, certificates),
    sendgrid: async (request) => checkSendgridRequest(request, sendgridKey, windowSeconds),
    postmark: async (request) => checkPostmarkRequest(request, esp.postmark),
    mailgun: (request) =>
      checkMailgunRequest(request, esp.mailgun, {
        recordToken: (use) => recordSignatureToken(context.db, use),
        windowSeconds,
      }),
  };

  const store = async (provider: EspProvider, request: FastifyRequest, raw: Buffer, at: Date) => {
    try {
      const stored = await accept({
        source: provider,
        envelope: { mailFrom: '', rcptTo: [`esp:${provider}`], remote: request.ip },
        client: { remoteIp: request.ip },
        raw,
        receivedAt: at,
      });
      return { spoolId: stored.spoolId, duplicate: stored.duplicate };
    } catch (error) {
      // Not stored: the provider must retry (it does on any 5xx).
      throw new AppError('INTAKE_STORE_FAILED', describeError(error), { cause: error });
    }
  };

  const ESP_TITLES: Record<EspProvider, string> = {
    ses: 'Amazon SES through SNS',
    sendgrid: 'SendGrid Event',
    postmark: 'Postmark',
    mailgun: 'Mailgun',
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
      const schema = routeDoc({
        tags: ['esp'],
        summary: `${ESP_TITLES[provider]} webhook (signed by the provider; raw body)`,
        responses: {
          200: '`{spoolId, duplicate}`, or the subscription handshake answer',
          401: 'signature or credentials wrong',
          404: 'provider not configured',
        },
      });
      scope.post(
        `/esp/${provider}`,
        { bodyLimit: esp.maxBodyBytes, schema },
        async (request, reply) => {
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const now = context.now?.() ?? new Date();
          const header = (name: string) => {
            const value = request.headers[name];
            return typeof value === 'string' && value.length > 0 ? value : undefined;
          };
          let outcome: EspCheckOutcome;
          try {
            outcome = await checks[provider]({ body, header, now });
          } catch (error) {
            if (isAppError(error)) {
              request.log.warn({ event: 'intake.esp.refused', provider, code: error.code });
              if (provider === 'postmark' && error.code === 'INTAKE_ESP_SIGNATURE_INVALID')
                reply.header('www-authenticate', 'Basic realm="rebound-esp"');
            }
            throw error;
          }
          if (!outcome.store) {
            if (outcome.log) request.log.warn({ ...outcome.log, provider });
            return outcome.answer;
          }
          return store(provider, request, body, now);
        },
      );
    }
  });
}
