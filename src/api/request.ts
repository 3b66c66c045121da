/** Request helpers shared by the routes: zod validation to API_BAD_REQUEST, the actor, dates. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { callerOf } from './auth/authorize.js';

/** Parses `value` or throws API_BAD_REQUEST listing every problem at once. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
  );
  throw new AppError('API_BAD_REQUEST', problems.join('; '), { details: { problems } });
}

/**
 * Who made a staff change, for the audit: the token's name; a staff or admin token may add
 * `X-Actor` (the person it acts for), giving `ops-ui on behalf of dana`. Without tokens
 * (loopback, open) the `X-Actor` header, else `api`.
 */
export function actorOf(request: FastifyRequest): string {
  const header = request.headers['x-actor'];
  // Control characters would forge lines in logs and exports; the cap keeps audit rows small.
  const onBehalfOf = (Array.isArray(header) ? header[0] : header)
    ?.replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);
  const caller = callerOf(request);
  if (!caller) return onBehalfOf || 'api';
  const mayDelegate = caller.scopes.includes('staff') || caller.scopes.includes('admin');
  return onBehalfOf && mayDelegate ? `${caller.name} on behalf of ${onBehalfOf}` : caller.name;
}

/** An ISO 8601 date-time string, as a Date. */
export const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time')
  .transform((value) => new Date(value));

/** A comma-separated query-string list (`?domains=a.com,b.com`), or a JSON array in a body. */
export const listParam = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter((v) => v !== ''),
  );
