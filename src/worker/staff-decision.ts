/**
 * Pure: a staff decision on a text (its qualification row) over the rules' verdict. Staff
 * decisions are rules too, but a worker may still run on rules up to one poll old; the row,
 * read back by the counting upsert inside the message's transaction, is never stale.
 */
import type { QualificationDecision } from '../store/qualification-repository.js';
import type { RecipientEffect } from './plan-recipient-effects.js';

/**
 * The effect with the staff decision applied, or undefined when it already agrees (or the
 * row holds no staff decision). `ignore` never quarantines anyone: the event is recorded only.
 */
export function withStaffDecision(
  effect: RecipientEffect,
  decision: QualificationDecision,
): RecipientEffect | undefined {
  const { verdict } = effect;
  if (!verdict || !decision.qualifiedBy || decision.status === 'to_qualify') return undefined;
  if (effect.effect !== 'applied' && effect.effect !== 'ignored') return undefined;
  const type = decision.status === 'ignore' ? 'ignored' : decision.type;
  const reason = decision.reason;
  if (verdict.type === type && verdict.reason === reason) return undefined;
  const staffVerdict = {
    ...verdict,
    type,
    reason,
    toQualify: false,
    ...(decision.ruleId ? { ruleId: decision.ruleId } : {}),
    ...(decision.ruleSetVersion ? { ruleSetVersion: decision.ruleSetVersion } : {}),
  };
  const { policyEvent: _previous, ...rest } = effect;
  if (type === 'ignored') return { ...rest, effect: 'ignored', verdict: staffVerdict };
  return {
    ...rest,
    effect: 'applied',
    verdict: staffVerdict,
    policyEvent: {
      kind: 'failure',
      type,
      reason,
      at: effect.eventTime,
      text: effect.result.diagnostic ?? verdict.normalizedText,
      ...(effect.deliveryId ? { deliveryId: effect.deliveryId } : {}),
    },
  };
}
