/**
 * Every API error answers `{error, message}` with a registered code: an AppError with the
 * status its code has in the registry (error-codes.ts), fastify's own errors (bad JSON, body
 * too large, unsupported media type, a URL that cannot be decoded) with the code of their
 * status, and a route that does not exist with API_NOT_FOUND. A 5xx never shows its cause to
 * the caller; it is logged.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { errorCodeSpec, httpStatusOf, isAppError } from '../errors.js';

/** The code for a status fastify itself answered with. */
const FASTIFY_STATUS_CODES: Readonly<Record<number, string>> = {
  401: 'API_UNAUTHORIZED',
  403: 'API_FORBIDDEN',
  404: 'API_NOT_FOUND',
  409: 'API_CONFLICT',
  413: 'API_PAYLOAD_TOO_LARGE',
  415: 'API_UNSUPPORTED_MEDIA_TYPE',
};

export function createErrorHandler(logger: Logger) {
  return function replyToError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (isAppError(error)) {
      const status = httpStatusOf(error.code);
      if (!errorCodeSpec(error.code))
        logger.warn({ event: 'api.error.unregistered_code', code: error.code });
      if (status >= 500) logError(logger, request, error);
      const message = status >= 500 ? internalMessage(error.code) : error.message;
      return reply.code(status).send({ error: error.code, message });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      logError(logger, request, error);
      return reply.code(500).send({ error: 'API_INTERNAL', message: internalMessage() });
    }
    const code = FASTIFY_STATUS_CODES[status] ?? 'API_BAD_REQUEST';
    return reply.code(status).send({ error: code, message: error.message });
  };
}

/** Unknown routes, in the documented shape (the path is not echoed back). */
export function replyNotFound(_request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send({ error: 'API_NOT_FOUND', message: 'no such route' });
}

/** A target the router cannot decode (bad percent-encoding) or a path parameter too long. */
export function replyBadUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path parameter is too long'
      : 'the URL is not valid (bad percent-encoding)';
  return reply.code(400).send({ error: 'API_BAD_REQUEST', message });
}

function internalMessage(code?: string): string {
  return `internal error${code ? ` (${code})` : ''}; see the service log`;
}

function logError(logger: Logger, request: FastifyRequest, error: Error) {
  logger.error({
    event: 'api.error',
    method: request.method,
    route: request.routeOptions.url ?? null,
    err: error,
  });
}
