/**
 * Pure: what an HTTP intake payload (SMS status reports, inbound SMS, push feedback) means for
 * each phone number or device token — the same RecipientEffect the mail path produces, so one
 * store path and one policy serve every channel.
 */
import type {
  HttpIntakePayload,
  InboundSms,
  PushFeedback,
  SmsStatusReport,
} from '../intake/http/http-intake-payload.js';
import type { CompiledRuleSet } from '../qualify/compile-rule-set.js';
import { qualifySmsStatusReport } from '../qualify/sms-status-report.js';
import { qualifyPushFeedback } from '../qualify/push-feedback.js';
import { verdictFor } from '../qualify/qualifier.js';
import { normalizePhone } from '../core/address.js';
import type { Verdict } from '../qualify/types.js';
import type { RecipientEffect } from './plan-recipient-effects.js';

/**
 * Opt-out keywords of inbound SMS (the CTIA list, and common French and Spanish ones). The
 * whole message, trimmed, must be the keyword: "stop by at 5" is not an opt-out.
 */
const STOP_KEYWORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'ARRET',
  'ARRÊT',
  'STOP SMS',
  'BAJA',
]);

export function isStopKeyword(text: string): boolean {
  return STOP_KEYWORDS.has(
    text
      .trim()
      .replace(/[.!]+$/, '')
      .replace(/\s+/g, ' ')
      .toUpperCase(),
  );
}

export function planHttpIntakeEffects(
  payload: HttpIntakePayload,
  ruleSets: readonly CompiledRuleSet[],
  receivedAt: Date,
): RecipientEffect[] {
  const timeOf = (at: string | undefined) => (at ? new Date(at) : receivedAt);
  switch (payload.type) {
    case 'sms-status-reports': {
      const smsSet =
        ruleSets.find((set) => set.channel === 'sms' && set.smsc.size > 0) ??
        ruleSets.find((set) => set.channel === 'sms');
      if (!smsSet) return [];
      return payload.items.map((report, index) =>
        smsReportEffect(report, index, smsSet, ruleSets, timeOf(report.at)),
      );
    }
    case 'sms-inbound':
      return payload.items.map((message, index) =>
        inboundSmsEffect(message, index, timeOf(message.at)),
      );
    case 'push-feedback': {
      const pushSet = ruleSets.find((set) => set.channel === 'push');
      if (!pushSet) return [];
      return payload.items.map((feedback, index) =>
        pushEffect(feedback, index, pushSet, ruleSets, timeOf(feedback.at)),
      );
    }
  }
}

function smsReportEffect(
  report: SmsStatusReport,
  index: number,
  smsSet: CompiledRuleSet,
  ruleSets: readonly CompiledRuleSet[],
  at: Date,
): RecipientEffect {
  const read = qualifySmsStatusReport(report.text, report.smsc, smsSet);
  // Staff rules live in their own set: decide again over every SMS set in force.
  const verdict = verdictFor(ruleSets, {
    channel: 'sms',
    normalizedText: read.normalizedText,
    smsc: read.smsc,
  });
  const base = {
    recipientIndex: index,
    channel: 'sms' as const,
    address: normalizePhone(report.phone),
    domain: '',
    eventTime: at,
    result: {
      recipient: normalizePhone(report.phone),
      status: read.status,
      replyCode: read.error,
      diagnostic: read.firstText,
      category: read.delivered ? ('delivered' as const) : ('undefined' as const),
    },
  };
  if (read.delivered)
    return {
      ...base,
      kind: 'delivered',
      effect: 'applied',
      policyEvent: { kind: 'delivered', at },
    };
  return { ...base, kind: 'bounce', ...failure(verdict, at, read.firstText) };
}

function inboundSmsEffect(message: InboundSms, index: number, at: Date): RecipientEffect {
  const phone = normalizePhone(message.phone);
  const base = {
    recipientIndex: index,
    channel: 'sms' as const,
    address: phone,
    domain: '',
    eventTime: at,
    result: {
      recipient: phone,
      category: 'feedback' as const,
      diagnostic: message.text.slice(0, 200),
    },
  };
  // An SMS STOP is the phone's spam complaint: the number is denylisted at once.
  if (isStopKeyword(message.text)) {
    return {
      ...base,
      kind: 'complaint',
      effect: 'applied',
      policyEvent: { kind: 'complaint', at, text: `SMS ${message.text.trim()}` },
    };
  }
  return { ...base, kind: 'unknown', effect: 'ignored' };
}

function pushEffect(
  feedback: PushFeedback,
  index: number,
  pushSet: CompiledRuleSet,
  ruleSets: readonly CompiledRuleSet[],
  at: Date,
): RecipientEffect {
  const read = qualifyPushFeedback(feedback.provider, feedback.code, pushSet);
  const verdict = verdictFor(ruleSets, {
    channel: 'push',
    normalizedText: read.normalizedText,
    provider: feedback.provider,
    code: feedback.code.trim(),
  });
  const token = feedback.token.trim();
  return {
    recipientIndex: index,
    channel: 'push',
    address: token,
    domain: '',
    kind: 'bounce',
    eventTime: at,
    result: {
      recipient: token,
      status: feedback.code,
      diagnostic: read.normalizedText,
      category: 'undefined',
    },
    ...failure(verdict, at, read.normalizedText),
  };
}

function failure(
  verdict: Verdict,
  at: Date,
  text: string,
): Pick<RecipientEffect, 'effect' | 'verdict' | 'policyEvent'> {
  if (verdict.type === 'ignored') return { effect: 'ignored', verdict };
  return {
    effect: 'applied',
    verdict,
    policyEvent: { kind: 'failure', type: verdict.type, reason: verdict.reason, at, text },
  };
}
