/**
 * Domain health (spec "MX management"): `GET /api/domains/paused` lists the domains paused
 * now (a sender can skip them before a send); `GET /api/domains/:domain/health` answers whether a
 * recipient domain is paused, until when, its window's counts and the settings in force;
 * staff override the settings per domain (`PUT`/`DELETE …/health/settings`, data in
 * domain_health_settings, audited) and may end a pause early (`POST …/health/resume`).
 */
import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { actorOf, parseRequest } from '../request.js';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/database.js';
import {
  countDomainWindows,
  deleteDomainOverride,
  endPauses,
  findActivePauses,
  findDomainOverrides,
  latestPause,
  listActivePauses,
  upsertDomainOverride,
  type DomainPauseRow,
} from '../../store/domain-health-repository.js';
import { insertChangeAudit } from '../../store/change-audit-repository.js';
import {
  SPEC_DOMAIN_HEALTH,
  domainHealthSettingsFor,
  failureRate,
} from '../../quarantine/domain-pause.js';

const params = z.object({
  domain: z
    .string()
    .min(1)
    .max(253)
    .transform((d) => d.trim().toLowerCase()),
});

const overrideBody = z.strictObject({
  minSample: z.number().int().min(0).nullable().optional(),
  threshold: z.number().gt(0).max(1).nullable().optional(),
  windowMinutes: z.number().int().positive().nullable().optional(),
  pauseMinutes: z.number().int().positive().nullable().optional(),
});

function pauseJson(pause: DomainPauseRow | undefined) {
  if (!pause) return null;
  return {
    startedAt: pause.startedAt.toISOString(),
    pausedUntil: pause.pausedUntil.toISOString(),
    sends: pause.sends,
    failures: pause.failures,
    rate: pause.rate,
  };
}

export function registerDomainHealthRoutes(app: FastifyInstance, context: ApiContext): void {
  const defaults = context.domainHealthDefaults ?? SPEC_DOMAIN_HEALTH;
  const now = () => context.now?.() ?? new Date();

  const health = async (db: Database, domain: string) => {
    const at = now();
    const override = (await findDomainOverrides(db, [domain])).get(domain);
    const settings = domainHealthSettingsFor(defaults, override);
    const from = new Date(at.getTime() - settings.windowMinutes * 60_000);
    const window = (await countDomainWindows(db, [domain], from, at)).get(domain) ?? {
      sends: 0,
      failures: 0,
    };
    const active = (await findActivePauses(db, [domain], at)).get(domain);
    return {
      domain,
      status: active ? 'paused' : 'ok',
      pausedUntil: active?.pausedUntil.toISOString() ?? null,
      lastPause: pauseJson(active ?? (await latestPause(db, domain))),
      window: {
        from: from.toISOString(),
        to: at.toISOString(),
        ...window,
        rate: failureRate(window),
      },
      settings,
      overrides: override ?? null,
    };
  };

  app.get(
    '/api/domains/paused',
    {
      schema: routeDoc({
        tags: ['domains'],
        summary: 'Domains paused now (domain health)',
        responses: { 200: '`{items}`' },
      }),
    },
    async () => {
      const pauses = await listActivePauses(context.db, now());
      return { items: pauses.map((pause) => ({ domain: pause.domain, ...pauseJson(pause) })) };
    },
  );

  app.get(
    '/api/domains/:domain/health',
    {
      schema: routeDoc({
        tags: ['domains'],
        summary: "A recipient domain's health: rate, sample, pause",
        params,
        responses: { 200: 'the health record' },
      }),
    },
    async (request) => {
      const { domain } = parseRequest(params, request.params);
      return health(context.db, domain);
    },
  );

  app.put(
    '/api/domains/:domain/health/settings',
    {
      schema: routeDoc({
        tags: ['domains'],
        summary: 'Override the domain health defaults for one domain',
        params,
        body: overrideBody,
        responses: { 200: 'the settings in force' },
      }),
    },
    async (request) => {
      const { domain } = parseRequest(params, request.params);
      const body = parseRequest(overrideBody, request.body);
      const actor = actorOf(request);
      const at = now();
      await context.db.transaction(async (txn) => {
        const tx = txn as unknown as Database;
        const before = (await findDomainOverrides(tx, [domain])).get(domain) ?? null;
        await upsertDomainOverride(tx, domain, body, actor, at);
        await insertChangeAudit(tx, {
          entity: 'domain_health_settings',
          entityId: domain,
          action: before ? 'update' : 'create',
          actor,
          before,
          after: body,
          at,
        });
      });
      return health(context.db, domain);
    },
  );

  app.delete(
    '/api/domains/:domain/health/settings',
    {
      schema: routeDoc({
        tags: ['domains'],
        summary: 'Remove a domain override',
        params,
        responses: { 200: 'the defaults in force' },
      }),
    },
    async (request) => {
      const { domain } = parseRequest(params, request.params);
      const actor = actorOf(request);
      const deleted = await context.db.transaction(async (txn) => {
        const tx = txn as unknown as Database;
        const before = (await findDomainOverrides(tx, [domain])).get(domain);
        if (!(await deleteDomainOverride(tx, domain))) return false;
        await insertChangeAudit(tx, {
          entity: 'domain_health_settings',
          entityId: domain,
          action: 'delete',
          actor,
          before,
          at: now(),
        });
        return true;
      });
      if (!deleted) throw new AppError('API_NOT_FOUND', `${domain} has no domain health override`);
      return health(context.db, domain);
    },
  );

  app.post(
    '/api/domains/:domain/health/resume',
    {
      schema: routeDoc({
        tags: ['domains'],
        summary: 'End a pause early',
        params,
        responses: { 200: 'the health record' },
      }),
    },
    async (request) => {
      const { domain } = parseRequest(params, request.params);
      const actor = actorOf(request);
      const at = now();
      const ended = await context.db.transaction(async (txn) => {
        const tx = txn as unknown as Database;
        if (!(await endPauses(tx, domain, at))) return false;
        await insertChangeAudit(tx, {
          entity: 'domain_pause',
          entityId: domain,
          action: 'resume',
          actor,
          at,
        });
        return true;
      });
      if (!ended) throw new AppError('API_NOT_FOUND', `${domain} is not paused`);
      return health(context.db, domain);
    },
  );
}
