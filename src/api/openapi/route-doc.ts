/**
 * A route's fastify schema, written from the zod schemas its handler already parses with, so
 * the OpenAPI document and the validation cannot drift apart. Validation stays with zod in the
 * handler (parseRequest: every problem at once, API_BAD_REQUEST); server.ts turns fastify's own
 * validation off, so these schemas only describe.
 */
import type { FastifySchema } from 'fastify';
import { z } from 'zod';

export interface RouteDoc {
  tags: string[];
  summary: string;
  description?: string;
  params?: z.ZodType;
  querystring?: z.ZodType;
  /** A zod schema, or a JSON schema for bodies zod does not read (a file upload). */
  body?: z.ZodType | Record<string, unknown>;
  /** Answers by status, each a description (the body shapes are in the README). */
  responses: Record<number, string>;
}

/** The JSON Schema (2020-12, OpenAPI 3.1's dialect) of what a client sends. */
export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    // A refinement or transform has no JSON Schema: its input type stands.
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}

const ERROR_ANSWER = 'An error: `{error, message}` with a code from the error table';

export function routeDoc(doc: RouteDoc): FastifySchema {
  const response: Record<string, { description: string }> = {};
  for (const [status, description] of Object.entries(doc.responses))
    response[status] = { description };
  response['4xx'] ??= { description: ERROR_ANSWER };
  return {
    tags: doc.tags,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.params ? { params: inputJsonSchema(doc.params) } : {}),
    ...(doc.querystring ? { querystring: inputJsonSchema(doc.querystring) } : {}),
    ...(doc.body
      ? { body: doc.body instanceof z.ZodType ? inputJsonSchema(doc.body) : doc.body }
      : {}),
    response,
  } as FastifySchema;
}
