/**
 * Turns a reader's drafts into final results: normalized, de-duplicated recipients,
 * status and reply code filled from the diagnostic, category, event time fallback.
 */
import { hasSingleAt } from '../core/address.js';
import type { Category } from '../core/vocabulary.js';
import { decideFailure, type FailureDecision } from './categories/classify.js';
import { defaultStatusFor } from './categories/default-status.js';
import { chooseStatus, remoteStatus } from './categories/status-choice.js';
import type { DraftResult } from './readers/types.js';
import { normalizeRecipient } from './text/address.js';
import { findReplyCode, findStatus } from './text/codes.js';
import { findSmtpCommand } from './text/smtp-command.js';
import type { RecipientResult, ResultExplanation } from './types.js';

export interface FinalizeContext {
  lowercaseLocalPart: boolean;
  /** Date of the bounce itself, ISO; used when the report gives no event time. */
  date?: string | undefined;
  explain?: boolean | undefined;
}

function finalizeOne(d: DraftResult, ctx: FinalizeContext): RecipientResult | undefined {
  const recipient = normalizeRecipient(d.recipient, { lowercaseLocalPart: ctx.lowercaseLocalPart });
  if (!hasSingleAt(recipient)) return undefined;
  const status = chooseStatus(d.status, d.diagnostic);
  const replyCode = d.replyCode ?? findReplyCode(d.diagnostic);
  const decision: FailureDecision | undefined = d.category
    ? undefined
    : decideFailure({
        diagnostic: d.diagnostic,
        status,
        action: d.action,
        replyCode,
        command: d.smtpCommand,
      });
  const category: Category = d.category ?? decision?.category ?? 'undefined';
  const out: RecipientResult = { recipient, category };
  if (d.originalRecipient) {
    out.originalRecipient = normalizeRecipient(d.originalRecipient, {
      lowercaseLocalPart: ctx.lowercaseLocalPart,
    });
  }
  if (d.action) out.action = d.action;
  const finalStatus = status ?? defaultStatusFor(category, replyCode);
  if (finalStatus) out.status = finalStatus;
  if (replyCode) out.replyCode = replyCode;
  if (d.diagnostic)
    out.diagnostic = d.diagnostic.length > 2000 ? d.diagnostic.slice(0, 2000) : d.diagnostic;
  const command = d.smtpCommand ?? findSmtpCommand(d.diagnostic);
  if (command) out.smtpCommand = command;
  if (d.remoteMta) out.remoteMta = d.remoteMta;
  if (d.reportingMta) out.reportingMta = d.reportingMta;
  const time = d.eventTime ?? ctx.date;
  if (time) out.eventTime = time;
  if (d.feedbackType) out.feedbackType = d.feedbackType;
  if (d.userAgent) out.userAgent = d.userAgent;
  if (d.sourceIp) out.sourceIp = d.sourceIp;
  if (ctx.explain) out.explanation = explain(d, decision, status, finalStatus);
  return out;
}

function explain(
  d: DraftResult,
  decision: FailureDecision | undefined,
  status: string | undefined,
  finalStatus: string | undefined,
): ResultExplanation {
  const e: ResultExplanation = { region: d.region ?? 'reader', step: decision?.step ?? 'reader' };
  if (decision?.phraseRow) e.phraseRow = decision.phraseRow;
  if (decision?.phraseStrength) e.phraseStrength = decision.phraseStrength;
  if (decision?.statusCategory) e.statusCategory = decision.statusCategory;
  if (decision?.stage) e.stage = decision.stage;
  else if (d.smtpCommand) e.stage = d.smtpCommand;
  if (finalStatus) {
    e.statusFrom = !status
      ? 'default of the category'
      : status === remoteStatus(d.diagnostic)
        ? 'remote reply code'
        : status === findStatus(d.status)
          ? 'Status field'
          : 'diagnostic';
  }
  return e;
}

/** Final results, one per recipient; several drafts for one recipient are merged first. */
export function finalizeResults(drafts: DraftResult[], ctx: FinalizeContext): RecipientResult[] {
  const merged = new Map<string, DraftResult>();
  for (const d of drafts) {
    const key = normalizeRecipient(d.recipient, { lowercaseLocalPart: ctx.lowercaseLocalPart });
    const prev = merged.get(key);
    merged.set(key, prev ? fillGaps(prev, d) : d);
  }
  const out: RecipientResult[] = [];
  for (const d of merged.values()) {
    const r = finalizeOne(d, ctx);
    if (r) out.push(r);
  }
  return out;
}

function fillGaps(first: DraftResult, later: DraftResult): DraftResult {
  const out: DraftResult = { ...first };
  for (const [key, value] of Object.entries(later) as Array<[keyof DraftResult, string]>) {
    if (out[key] === undefined && value !== undefined) (out as Record<string, string>)[key] = value;
  }
  return out;
}
