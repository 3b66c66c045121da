/**
 * Staff qualify one row of the qualification table: `keep` with a type and reason, or
 * `ignore` (never quarantines anyone), and/or reset its counter. A decision becomes a staff
 * rule on that exact normalized text (id from promotedRuleId, highest priority), so it wins
 * over the shipped rules everywhere; then every event that carried the text is decided again
 * and its addresses rebuilt.
 */
import { withTransaction } from '../store/database.js';
import {
  findQualification,
  updateQualification,
  type QualificationRow,
  type QualificationUpdate,
} from '../store/qualification-query-repository.js';
import { findRule, upsertRules } from '../store/rule-repository.js';
import { insertChangeAudit } from '../store/change-audit-repository.js';
import { AppError } from '../errors.js';
import { textDecisionRule, type RuleData } from '../qualify/index.js';
import type { Channel, FailureType, Reason } from '../core/vocabulary.js';
import type { RuleSetHeader } from '../store/rule-set-version-repository.js';
import { validateStaffRule } from './validate-rule.js';
import { afterRuleChange, type RuleAdmin, type StaffStamp } from './rule-admin.js';
import { staffSetVersion } from './compose-rule-sets.js';
import type { RequalifyOutcome } from './requalify.js';

export interface QualificationPatch {
  type?: FailureType;
  reason?: Reason;
  status?: 'keep' | 'ignore';
  resetOccurrences?: boolean;
}

export interface QualificationPatchOutcome {
  row: QualificationRow;
  ruleId?: string;
  requalified?: RequalifyOutcome;
}

export async function patchQualification(
  admin: RuleAdmin,
  id: number,
  patch: QualificationPatch,
  stamp: StaffStamp,
): Promise<QualificationPatchOutcome> {
  const decides =
    patch.status !== undefined || patch.type !== undefined || patch.reason !== undefined;
  if (!decides && !patch.resetOccurrences) {
    throw new AppError('API_BAD_REQUEST', 'body: give status, type, reason or resetOccurrences');
  }
  const result = await withTransaction(admin.db, async (tx) => {
    const before = await findQualification(tx, id, true);
    if (!before) throw new AppError('API_NOT_FOUND', `no qualification ${id}`);
    const update: QualificationUpdate = patch.resetOccurrences ? { occurrences: 0 } : {};
    let rule: RuleData | undefined;
    if (decides) {
      const header = headerFor(admin.live.headers(), before.channel);
      const decision = decisionOf(before, patch);
      const data = textDecisionRule(
        {
          channel: before.channel as Channel,
          normalizedText: before.normalizedText,
          ...decision.rule,
        },
        `Qualified by ${stamp.actor} from the qualification table.`,
      );
      // SMS and push texts of sender events are not status reports the examples could rebuild.
      rule = validateStaffRule(header.name, data, admin.live.headers(), {
        limits: admin.live.limits,
        examples: before.channel === 'email',
      });
      const existing = await findRule(tx, rule.id);
      await upsertRules(
        tx,
        [
          {
            id: rule.id,
            ruleSet: existing?.ruleSet ?? header.name,
            origin: 'staff',
            editedByStaff: false,
            data: rule,
          },
        ],
        { at: stamp.now, actor: stamp.actor },
      );
      await insertChangeAudit(tx, {
        entity: 'rule',
        entityId: rule.id,
        action: existing ? 'update' : 'create',
        actor: stamp.actor,
        before: existing?.data ?? null,
        after: rule,
        at: stamp.now,
      });
      Object.assign(update, {
        status: decision.status,
        type: decision.rule.type,
        reason: decision.rule.reason,
        ruleId: rule.id,
        ruleSetVersion: staffSetVersion(header.version, stamp.now),
        updatedBy: stamp.actor,
        updatedAt: stamp.now,
      });
    }
    const after = (await updateQualification(tx, id, update))!;
    const action = decides ? (patch.resetOccurrences ? 'qualify_reset' : 'qualify') : 'reset';
    await insertChangeAudit(tx, {
      entity: 'qualification',
      entityId: String(id),
      action,
      actor: stamp.actor,
      before,
      after,
      at: stamp.now,
    });
    return { row: after, rule };
  });
  if (!result.rule) return { row: result.row };
  const requalified = await afterRuleChange(admin, { texts: [result.row] });
  return { row: result.row, ruleId: result.rule.id, requalified };
}

/** Ignore is type Ignored for the events; keep takes what staff give, else what the row says. */
function decisionOf(row: QualificationRow, patch: QualificationPatch) {
  const status = patch.status ?? (row.status === 'ignore' && row.updatedBy ? 'ignore' : 'keep');
  if (status === 'ignore') {
    if (patch.type !== undefined && patch.type !== 'ignored') {
      throw new AppError(
        'API_BAD_REQUEST',
        'type: must be absent or "ignored" with status "ignore"',
      );
    }
    return {
      status,
      rule: { type: 'ignored' as FailureType, reason: patch.reason ?? 'error_ignored' },
    };
  }
  return {
    status,
    rule: {
      type: patch.type ?? (row.type as FailureType),
      reason: patch.reason ?? (row.reason as Reason),
    },
  };
}

/** The set a text decision goes to: the one named after the channel, else any of the channel. */
function headerFor(headers: ReadonlyMap<string, RuleSetHeader>, channel: string): RuleSetHeader {
  const own =
    headers.get(channel) ?? [...headers.values()].find((header) => header.channel === channel);
  if (!own) throw new AppError('API_BAD_REQUEST', `channel: no rule set for channel "${channel}"`);
  return own;
}
