/**
 * Category of one failure: the phrase table on the diagnostic text first (it names what
 * the remote side saw), then the RFC 3463 code, then what the DSN action implies.
 */
import type { Category } from '../../core/vocabulary.js';
import { PHRASE_RULES } from './phrases.js';
import { categoryFromStatus } from './status-map.js';
import { findSmtpCommand, type SmtpCommand } from '../text/smtp-command.js';

export interface FailureFacts {
  diagnostic?: string | undefined;
  status?: string | undefined;
  action?: string | undefined;
  replyCode?: string | undefined;
  /** The SMTP command refused (MAIL, RCPT, DATA...), when known. */
  command?: string | undefined;
}

/** Codes that name the failure precisely enough to beat a vaguer phrase. */
const SPECIFIC_STATUS = new Set<Category>([
  'userunknown',
  'hostunknown',
  'hasmoved',
  'mailboxfull',
  'notaccept',
  'emailtoolarge',
  'authfailure',
  'requireptr',
  'failedstarttls',
  'contenterror',
  'systemerror',
  'systemfull',
]);

/** Phrases about the sender or the message: they explain the code, never the reverse. */
const DECISIVE_TEXT = new Set<Category>([
  'blocked',
  'spamdetected',
  'virusdetected',
  'authfailure',
  'requireptr',
  'badreputation',
  'ratelimited',
  'norelaying',
  'mailboxfull',
  'suspend',
  'hasmoved',
  'emailtoolarge',
  'notaccept',
]);

/**
 * What a recipient-level verdict means at a later or earlier SMTP stage: an address
 * refused at MAIL FROM is the sender's (rejected); "user unknown" after DATA comes from
 * a content filter, not from a mailbox lookup (filtered).
 */
function adjustForCommand(category: Category, command: SmtpCommand | undefined, byStatus: Category | undefined): Category {
  if (command === 'MAIL' && (category === 'userunknown' || category === 'hostunknown')) return 'rejected';
  // Some servers defer the mailbox check to DATA: a mailbox code (X.1.1) still means it.
  if (command === 'DATA' && category === 'userunknown' && byStatus !== 'userunknown') return 'filtered';
  return category;
}

/** The category named by a phrase in `text`, or undefined. */
export function categoryFromText(text: string | undefined): Category | undefined {
  if (!text) return undefined;
  const flat = text.length > 4000 ? text.slice(0, 4000) : text;
  for (const rule of PHRASE_RULES) {
    if (rule.pattern.test(flat)) return rule.category;
  }
  return undefined;
}

/** Category for one recipient's failure, never undefined ('undefined' when nothing fits). */
export function classifyFailure(facts: FailureFacts): Category {
  const action = facts.action?.toLowerCase();
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return 'delivered';
  if (facts.status?.startsWith('2.')) return 'delivered';
  const byStatus = categoryFromStatus(facts.status);
  const byText = categoryFromText(facts.diagnostic);
  let category: Category | undefined;
  if (byText && DECISIVE_TEXT.has(byText)) category = byText;
  else if (byStatus && SPECIFIC_STATUS.has(byStatus)) category = byStatus;
  else category = byText ?? byStatus;
  const command = (facts.command as SmtpCommand | undefined) ?? findSmtpCommand(facts.diagnostic);
  if (category) return adjustForCommand(category, command, byStatus);
  if (action === 'delayed') return 'expired';
  return facts.diagnostic || facts.status ? 'undefined' : 'onhold';
}
