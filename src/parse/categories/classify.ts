/**
 * Category of one failure: the phrase table on the diagnostic text first (it names what
 * the remote side saw), then the RFC 3463 code, then what the DSN action implies.
 */
import type { Category } from '../../core/vocabulary.js';
import { PHRASE_RULES } from './phrases.js';
import { categoryFromStatus } from './status-map.js';

export interface FailureFacts {
  diagnostic?: string | undefined;
  status?: string | undefined;
  action?: string | undefined;
  replyCode?: string | undefined;
}

/** Codes too generic to override a phrase or to name a category alone. */
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
]);

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
  if (byText) {
    // A precise code beats a vague phrase (e.g. 5.2.2 with "rejected by policy").
    if (byStatus && SPECIFIC_STATUS.has(byStatus) && !SPECIFIC_STATUS.has(byText)) return byStatus;
    return byText;
  }
  if (byStatus) return byStatus;
  if (action === 'delayed') return 'expired';
  return facts.diagnostic || facts.status ? 'undefined' : 'onhold';
}
