/**
 * What the console's Rules page needs beside the rule CRUD (rules.ts):
 * `GET /api/rule-sets` — each set with its version in force, its rule counts and its last sync,
 * and the newest rule changes (staff edits and syncs, from change_audit);
 * `POST /api/rule-tests` — a dry run of one rule: validation problems by field, its examples,
 * and a pasted text against the rule alone and against the rules in force. Stores nothing.
 * Paths outside `/api/rules/…` so that no rule id can be shadowed by them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { CATEGORIES } from '../../core/vocabulary.js';
import { listRules } from '../../store/rule-repository.js';
import { latestRuleSetVersions } from '../../store/rule-set-version-repository.js';
import { listRecentChanges } from '../../store/change-audit-repository.js';
import type { RuleAdmin } from '../../rule-sets/rule-admin.js';
import { tryStaffRule } from '../../rule-sets/try-staff-rule.js';
import { parseRequest } from '../request.js';
import { routeDoc } from '../openapi/route-doc.js';

const changesQuery = z.object({
  changes: z.coerce.number().int().min(0).max(200).default(20),
});

const trialBody = z.strictObject({
  ruleSet: z.string().min(1).max(100),
  rule: z.record(z.string(), z.unknown()),
  sample: z
    .strictObject({
      text: z.string().max(20_000),
      category: z.enum(CATEGORIES).optional(),
      status: z.string().max(20).optional(),
      replyCode: z.string().max(10).optional(),
      domain: z.string().max(255).optional(),
    })
    .optional(),
});

export function registerRuleSetRoutes(
  app: FastifyInstance,
  context: ApiContext,
  admin: RuleAdmin,
): void {
  app.get(
    '/api/rule-sets',
    {
      schema: routeDoc({
        tags: ['rules'],
        summary: 'Each rule set: version in force, rule counts, last sync; recent rule changes',
        querystring: changesQuery,
        responses: { 200: '`{sets, changes}`' },
      }),
    },
    async (request) => {
      const { changes } = parseRequest(changesQuery, request.query);
      const [stored, versions, recent] = await Promise.all([
        listRules(context.db),
        latestRuleSetVersions(context.db),
        listRecentChanges(context.db, 'rule', changes),
      ]);
      const inForce = admin.live.handle.ruleSets();
      const sets = [...admin.live.headers().values()].map((header) => {
        const own = stored.filter((rule) => rule.ruleSet === header.name);
        const sync = versions.get(header.name);
        return {
          name: header.name,
          channel: header.channel,
          version: header.version,
          versionsInForce: inForce.filter((s) => s.name === header.name).map((s) => s.version),
          rules: {
            shipped: own.filter((r) => r.origin === 'shipped' && !r.editedByStaff).length,
            editedByStaff: own.filter((r) => r.origin === 'shipped' && r.editedByStaff).length,
            staff: own.filter((r) => r.origin === 'staff').length,
            disabled: own.filter((r) => !r.data.enabled).length,
          },
          lastSync: sync
            ? {
                version: sync.version,
                source: sync.source,
                appliedAt: sync.appliedAt.toISOString(),
                actor: sync.summary.actor,
                added: sync.summary.added.length,
                updated: sync.summary.updated.length,
                retired: sync.summary.retired.length,
                promoted: sync.summary.promoted.length,
                conflicts: sync.summary.conflicts,
              }
            : null,
        };
      });
      return {
        sets,
        changes: recent.map((change) => ({
          id: change.id,
          ruleId: change.entityId,
          action: change.action,
          actor: change.actor,
          at: change.at.toISOString(),
          fields: changedFields(change.before, change.after),
        })),
      };
    },
  );

  app.post(
    '/api/rule-tests',
    {
      schema: routeDoc({
        tags: ['rules'],
        summary: 'Try a rule on its examples and a pasted text (stores nothing)',
        body: trialBody,
        responses: {
          200: 'problems by field, examples, and the text against the rule and the rules in force',
        },
      }),
    },
    async (request) => {
      const body = parseRequest(trialBody, request.body ?? {});
      return tryStaffRule(admin.live, body.ruleSet, body.rule, body.sample);
    },
  );
}

/** The top-level rule fields an update changed (`match`, `priority`, …); all for a create. */
function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}
