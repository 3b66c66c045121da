/**
 * Rules for staff: list (by set), read, create, edit and delete. A body is a rule as in the
 * rule-set files (plus `ruleSet` when creating), validated with the same schema and compiler;
 * every change is audited with the caller (`actorOf`) and the running qualifier is rebuilt at once.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { AppError, isAppError } from '../../errors.js';
import { findRule, listRules, type RuleRecord } from '../../store/rule-repository.js';
import { createStaffRule, deleteStaffRule, updateStaffRule } from '../../rule-sets/rule-edits.js';
import type { RuleAdmin } from '../../rule-sets/rule-admin.js';
import { actorOf, parseRequest } from '../request.js';
import { routeDoc } from '../openapi/route-doc.js';

const listQuery = z.object({ ruleSet: z.string().max(100).optional() });
const idParam = z.object({ id: z.string().min(1).max(200) });
const RULE_BODY = {
  type: 'object',
  description: 'A rule as in rules/*.json (checked by the rule schema when stored)',
};
/** Read-only fields of a listed rule: a GET → edit → PUT round trip may send them back. */
const BOOKKEEPING = [
  'ruleSet',
  'origin',
  'editedByStaff',
  'shippedVersion',
  'createdAt',
  'updatedAt',
  'updatedBy',
  'requalified',
];

export function registerRuleRoutes(
  app: FastifyInstance,
  context: ApiContext,
  admin: RuleAdmin,
): void {
  const stamp = (request: FastifyRequest) => ({
    actor: actorOf(request),
    now: context.now?.() ?? new Date(),
  });

  app.get(
    '/api/rules',
    {
      schema: routeDoc({
        tags: ['rules'],
        summary: 'Rules in force, shipped and staff',
        querystring: listQuery,
        responses: { 200: '`{items}`' },
      }),
    },
    async (request) => {
      const { ruleSet } = parseRequest(listQuery, request.query);
      return { items: (await listRules(context.db, ruleSet)).map(ruleToJson) };
    },
  );

  app.get(
    '/api/rules/:id',
    {
      schema: routeDoc({
        tags: ['rules'],
        summary: 'One rule',
        params: idParam,
        responses: { 200: 'The rule', 404: 'Unknown id' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParam, request.params);
      const rule = await findRule(context.db, id);
      if (!rule) throw new AppError('API_NOT_FOUND', `no rule "${id}"`);
      return ruleToJson(rule);
    },
  );

  app.post(
    '/api/rules',
    {
      schema: routeDoc({
        tags: ['rules'],
        summary: 'Add a staff rule',
        body: { ...RULE_BODY, description: 'A rule as in rules/*.json plus `ruleSet`' },
        responses: { 201: 'The rule and `requalified`', 409: 'The id exists' },
      }),
    },
    async (request, reply) => {
      const body = objectBody(request.body);
      const ruleSet = body.ruleSet;
      if (typeof ruleSet !== 'string')
        throw new AppError('API_BAD_REQUEST', 'ruleSet: required (e.g. "email")');
      const change = await conflictAs409(reply, () =>
        createStaffRule(admin, ruleSet, withoutBookkeeping(body), stamp(request)),
      );
      if (!change) return reply;
      return reply.code(201).send({ ...ruleToJson(change.rule!), requalified: change.requalified });
    },
  );

  app.put(
    '/api/rules/:id',
    {
      schema: routeDoc({
        tags: ['rules'],
        summary: 'Change a rule',
        params: idParam,
        body: RULE_BODY,
        responses: { 200: 'The rule and `requalified`' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParam, request.params);
      const body = objectBody(request.body);
      if (body.id !== undefined && body.id !== id)
        throw new AppError(
          'API_BAD_REQUEST',
          `id: "${String(body.id)}" differs from the URL's "${id}"`,
        );
      const change = await updateStaffRule(admin, id, withoutBookkeeping(body), stamp(request));
      return { ...ruleToJson(change.rule!), requalified: change.requalified };
    },
  );

  app.delete(
    '/api/rules/:id',
    {
      schema: routeDoc({
        tags: ['rules'],
        summary: 'Delete a rule (a shipped one leaves a tombstone)',
        params: idParam,
        responses: { 200: '`{deleted, id, tombstone, requalified}`' },
      }),
    },
    async (request) => {
      const { id } = parseRequest(idParam, request.params);
      const outcome = await deleteStaffRule(admin, id, stamp(request));
      return { deleted: true, ...outcome };
    },
  );
}

/** The rule as in a rule-set file, with where it comes from and who changed it last. */
export function ruleToJson(rule: RuleRecord) {
  return {
    ...rule.data,
    ruleSet: rule.ruleSet,
    origin: rule.origin,
    editedByStaff: rule.editedByStaff,
    shippedVersion: rule.shippedVersion ?? null,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    updatedBy: rule.updatedBy ?? null,
  };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('API_BAD_REQUEST', 'body: must be a JSON object (a rule)');
  return body as Record<string, unknown>;
}

function withoutBookkeeping(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !BOOKKEEPING.includes(key)));
}

/** A duplicate id is a conflict (409), not a malformed request. */
async function conflictAs409<T>(
  reply: { code(n: number): { send(body: unknown): unknown } },
  body: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    if (!isAppError(error) || error.code !== 'API_CONFLICT') throw error;
    reply.code(409).send({ error: error.code, message: error.message });
    return undefined;
  }
}
