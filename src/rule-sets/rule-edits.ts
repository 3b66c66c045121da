/**
 * Staff create, edit and delete rules. Every change is validated like a rule-set file, audited
 * in change_audit, and followed by a rebuild of the qualifier and a re-qualification. Editing a
 * shipped rule marks it `editedByStaff`: syncs never overwrite it from then on. Deleting a
 * shipped rule leaves a disabled, staff-edited tombstone, so the next sync reports a conflict
 * instead of bringing it back.
 */
import { type Database, withTransaction } from '../store/database.js';
import {
  listTextsOfRule,
  reopenDecisionsOfRule,
  setDecisionsOfRule,
} from '../store/qualification-rule-repository.js';
import { deleteRules, findRule, upsertRules, type RuleRecord } from '../store/rule-repository.js';
import { insertChangeAudit } from '../store/change-audit-repository.js';
import { AppError } from '../errors.js';
import type { RuleData, StoredRule } from '../qualify/index.js';
import { validateStaffRule } from './validate-rule.js';
import { afterRuleChange, type RuleAdmin, type StaffStamp } from './rule-admin.js';
import type { RequalifyOutcome } from './requalify.js';

export interface RuleChange {
  rule?: RuleRecord;
  requalified: RequalifyOutcome;
}

export async function createStaffRule(
  admin: RuleAdmin,
  ruleSet: string,
  data: unknown,
  stamp: StaffStamp,
): Promise<RuleChange> {
  const rule = validateStaffRule(ruleSet, data, admin.live.headers(), limitsOf(admin));
  await withTransaction(admin.db, async (tx) => {
    if (await findRule(tx, rule.id))
      throw new AppError('API_CONFLICT', `id: rule "${rule.id}" already exists`);
    await upsertRules(
      tx,
      [{ id: rule.id, ruleSet, origin: 'staff', editedByStaff: false, data: rule }],
      { at: stamp.now, actor: stamp.actor },
    );
    await audit(tx, rule.id, 'create', null, rule, stamp);
  });
  const requalified = await afterRuleChange(admin, { ruleIds: [rule.id] });
  return { ...(await found(admin.db, rule.id)), requalified };
}

export async function updateStaffRule(
  admin: RuleAdmin,
  id: string,
  data: unknown,
  stamp: StaffStamp,
): Promise<RuleChange> {
  const existing = await findRule(admin.db, id);
  if (!existing) throw new AppError('API_NOT_FOUND', `no rule "${id}"`);
  const rule = validateStaffRule(
    existing.ruleSet,
    { ...(data as object), id },
    admin.live.headers(),
    limitsOf(admin),
  );
  await withTransaction(admin.db, async (tx) => {
    const next: StoredRule = {
      ...existing,
      editedByStaff: existing.origin === 'shipped' || existing.editedByStaff,
      data: rule,
    };
    await upsertRules(tx, [next], { at: stamp.now, actor: stamp.actor });
    await audit(tx, id, 'update', existing.data, rule, stamp);
    // A text decision edited as a rule: its qualification row says the same from now on.
    await setDecisionsOfRule(tx, id, {
      type: rule.type,
      reason: rule.reason,
      actor: stamp.actor,
      at: stamp.now,
    });
  });
  const requalified = await afterRuleChange(admin, {
    ruleIds: [id],
    texts: await listTextsOfRule(admin.db, id),
  });
  return { ...(await found(admin.db, id)), requalified };
}

export async function deleteStaffRule(
  admin: RuleAdmin,
  id: string,
  stamp: StaffStamp,
): Promise<{ id: string; tombstone: boolean; requalified: RequalifyOutcome }> {
  const existing = await findRule(admin.db, id);
  if (!existing) throw new AppError('API_NOT_FOUND', `no rule "${id}"`);
  const tombstone = existing.origin === 'shipped';
  await withTransaction(admin.db, async (tx) => {
    if (tombstone) {
      const data: RuleData = { ...existing.data, enabled: false };
      await upsertRules(tx, [{ ...existing, editedByStaff: true, data }], {
        at: stamp.now,
        actor: stamp.actor,
      });
    } else await deleteRules(tx, [id]);
    await audit(
      tx,
      id,
      'delete',
      existing.data,
      tombstone ? { ...existing.data, enabled: false } : null,
      stamp,
    );
    // The texts staff decided through this rule wait for a decision again (else the next sync
    // would promote their Keep rows straight back into the rule just deleted).
    await reopenDecisionsOfRule(tx, id, stamp.now);
  });
  const requalified = await afterRuleChange(admin, { ruleIds: [id] });
  return { id, tombstone, requalified };
}

/** The limits and the sets in force a staff rule is checked against. */
function limitsOf(admin: RuleAdmin) {
  return { limits: admin.live.limits, inForce: admin.live.handle.ruleSets() };
}

async function found(db: Database, id: string): Promise<{ rule?: RuleRecord }> {
  const rule = await findRule(db, id);
  return rule ? { rule } : {};
}

async function audit(
  tx: Database,
  id: string,
  action: string,
  before: unknown,
  after: unknown,
  stamp: StaffStamp,
): Promise<void> {
  await insertChangeAudit(tx, {
    entity: 'rule',
    entityId: id,
    action,
    actor: stamp.actor,
    before,
    after,
    at: stamp.now,
  });
}
