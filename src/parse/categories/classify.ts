/**
 * Category of one failure, in the order written down in docs/decision-order.md (change that
 * document with the code): the phrase table on the diagnostic (phrases.ts) and the RFC 3463
 * enhanced status code (status-map.ts) together, then the SMTP stage of the refusal (before
 * MAIL FROM the connecting host is judged, at MAIL FROM the envelope sender, after DATA the
 * content), the status class, the RFC 3464 Action, and last what a report naming nothing
 * means (expired, onhold, undefined). A decisive phrase beats any code; a code that names a
 * category precisely beats an ordinary phrase; generic wording ("access denied") lets the
 * code and the stage decide.
 */
import type { Category } from '../../core/vocabulary.js';
import { PHRASE_RULES, type PhraseRule } from './phrases.js';
import { ANY_PROVIDER_MARKER, PROVIDER_MARKERS } from './provider-codes.js';
import { categoryFromStatus, fallbackCategoryFromStatus } from './status-map.js';
import { findSmtpCommand, type SmtpCommand } from '../text/smtp-command.js';

export interface FailureFacts {
  diagnostic?: string | undefined;
  status?: string | undefined;
  action?: string | undefined;
  replyCode?: string | undefined;
  /** The SMTP command refused (MAIL, RCPT, DATA...), when known. */
  command?: string | undefined;
}

/** Codes that name the failure precisely enough to beat an ordinary phrase. */
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
  'blocked',
  'badreputation',
  'ratelimited',
]);

/**
 * A three-digit detail ("5.7.133", "4.7.650") is a provider's own code, documented for one
 * cause: where status-map.ts names its category, it beats an ordinary phrase.
 */
function isProviderCode(status: string | undefined): boolean {
  return /^\d\.\d{1,3}\.\d{3}$/.test(status ?? '');
}

/** Categories that describe the recipient's address or mailbox. */
const ABOUT_RECIPIENT = new Set<Category>([
  'userunknown',
  'hostunknown',
  'filtered',
  'suspend',
  'mailboxfull',
  'hasmoved',
]);

/**
 * Refused before MAIL FROM (greeting, EHLO): the server judged the connecting host, so a
 * recipient-level or generic verdict there is a block of the sending host.
 */
const BLOCKED_BEFORE_MAIL = new Set<Category | undefined>([
  undefined,
  'userunknown',
  'hostunknown',
  'filtered',
  'suspend',
  'rejected',
  'securityerror',
  'policyviolation',
]);

/**
 * An SMTP reply code inside a diagnostic, with its enhanced code when one follows. A code
 * repeating the one before it with a hyphen on either side continues a multi-line reply
 * (RFC 5321 §4.2.1: "550-5.7.1 ... 550 5.7.1 ...") and is dropped so the lines read as one;
 * any other starts a new reply — another server's, or the next recipient's — and opens a
 * new clause, so no phrase joins words from both sides of it.
 */
const REPLY_CODE =
  /(?<=^|[\s:'"(<>;,=])([245]\d\d)([ -])(?:['"]?[245]\.\d{1,3}\.\d{1,3}(?=\s|$))?\s?/g;

/** The diagnostic cut into clauses, one per SMTP reply it quotes. */
export function replyClauses(text: string): string[] {
  const clauses: string[] = [];
  let clause = '';
  let last = 0;
  let previous: { code: string; hyphen: boolean } | undefined;
  for (const m of text.matchAll(REPLY_CODE)) {
    const index = m.index ?? 0;
    const code = m[1] ?? '';
    const hyphen = m[2] === '-';
    clause += text.slice(last, index);
    if (previous?.code === code && (previous.hyphen || hyphen)) {
      last = index + m[0].length;
    } else {
      pushClause(clauses, clause);
      clause = '';
      last = index;
    }
    previous = { code, hyphen };
  }
  clause += text.slice(last);
  pushClause(clauses, clause);
  return clauses;
}

function pushClause(clauses: string[], clause: string): void {
  const flat = clause.replace(/\s+/g, ' ').trim();
  if (flat) clauses.push(flat);
}

/** Provider markers weigh as decisive phrases and are tried first (provider-codes.ts). */
const MARKER_RULES: readonly PhraseRule[] = PROVIDER_MARKERS.map((m) => ({
  id: `marker.${m.provider}.${m.category}`,
  category: m.category,
  strength: 'decisive',
  pattern: m.pattern,
}));

/** The table matchPhrase runs; only withPhraseRules swaps it. */
let activeRules: readonly PhraseRule[] = PHRASE_RULES;
let activeMarkers: readonly PhraseRule[] = MARKER_RULES;

/**
 * Runs `fn` with another phrase table (scripts/leave-one-family-out.ts classifies each family
 * with the rows not written for it). Synchronous, and the table is restored afterwards; the
 * service never calls it.
 */
export function withPhraseRules<T>(
  table: { rules: readonly PhraseRule[]; markers?: readonly PhraseRule[] },
  fn: () => T,
): T {
  const saved = [activeRules, activeMarkers] as const;
  activeRules = table.rules;
  activeMarkers = table.markers ?? MARKER_RULES;
  try {
    return fn();
  } finally {
    [activeRules, activeMarkers] = saved;
  }
}

/** The provider markers as phrase rules (id `marker.<provider>.<category>`). */
export const PROVIDER_MARKER_RULES: readonly PhraseRule[] = MARKER_RULES;

/**
 * The first non-weak phrase rule matching a clause of `text`, else the first weak one, else
 * undefined. Rules keep their priority across clauses; a match never spans two of them.
 */
function matchPhrase(text: string | undefined): PhraseRule | undefined {
  if (!text) return undefined;
  const head = maskLocalParts(text.length > 4000 ? text.slice(0, 4000) : text);
  // A DSN for thousands of recipients repeats one reply with only the local part changed:
  // matched once per text, however many recipients quote it.
  let memo = memos.get(activeRules);
  if (!memo || memo.size >= MEMO_LIMIT) memos.set(activeRules, (memo = new Map()));
  if (memo.has(head)) return memo.get(head);
  const found = matchClauses(head);
  memo.set(head, found);
  return found;
}

const MEMO_LIMIT = 4096;
const memos = new WeakMap<readonly PhraseRule[], Map<string, PhraseRule | undefined>>();

/** RFC 5321 §4.5.3.1.1: a local part is at most 64 octets; the walk back stops there. */
const MAX_LOCAL_PART = 64;
const LOCAL_PART_END = /[\s<>"'(),;:[\]@]/;

/**
 * Every address's local part becomes `u`: what a server says about a mailbox never depends on
 * the mailbox's name (a local part such as `blocked` or `nouser` must not read as a phrase),
 * and the domain, which can matter ("domain example.org does not exist"), is kept. Linear:
 * each `@` looks back at most 64 characters.
 */
function maskLocalParts(text: string): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    let start = at;
    while (start > copied && at - start < MAX_LOCAL_PART && !LOCAL_PART_END.test(text[start - 1]!))
      start -= 1;
    if (start < at && (start === 0 || LOCAL_PART_END.test(text[start - 1]!))) {
      out += text.slice(copied, start) + 'u';
      copied = at;
    }
    at = text.indexOf('@', at + 1);
  }
  return out + text.slice(copied);
}

function matchClauses(head: string): PhraseRule | undefined {
  const clauses = /[245]\d\d[ -]/.test(head) ? replyClauses(head) : [head];
  const matches = (rule: PhraseRule) => clauses.some((c) => rule.pattern.test(c));
  if (clauses.some((c) => ANY_PROVIDER_MARKER.test(c))) {
    const marker = activeMarkers.find(matches);
    if (marker) return marker;
  }
  let weak: PhraseRule | undefined;
  for (const rule of activeRules) {
    if (rule.strength === 'weak' && weak) continue;
    if (!matches(rule)) continue;
    if (rule.strength !== 'weak') return rule;
    weak = rule;
  }
  return weak;
}

/** The phrase row (or provider marker) that names the category of `text`, if any. */
export function phraseRuleFor(text: string | undefined): PhraseRule | undefined {
  return matchPhrase(text);
}

/** The category named by a phrase in `text`, or undefined. */
export function categoryFromText(text: string | undefined): Category | undefined {
  return matchPhrase(text)?.category;
}

/** Text and code together, before the SMTP stage is considered. */
function combine(
  phrase: PhraseRule | undefined,
  byStatus: Category | undefined,
  status: string | undefined,
): Category | undefined {
  if (!phrase) return byStatus ?? fallbackCategoryFromStatus(status);
  if (phrase.strength === 'decisive') return phrase.category;
  if (byStatus && (SPECIFIC_STATUS.has(byStatus) || isProviderCode(status))) return byStatus;
  if (phrase.strength === 'weak' && byStatus) return byStatus;
  return phrase.category;
}

/**
 * What a verdict means at the SMTP stage it was given (RFC 5321 §3.3): before MAIL FROM
 * the host is judged; at MAIL FROM the envelope sender; "user unknown" after DATA comes
 * from a content filter, not from a mailbox lookup, unless the code says mailbox (X.1.1).
 */
function adjustForCommand(
  category: Category | undefined,
  command: SmtpCommand | undefined,
  phrase: PhraseRule | undefined,
  byStatus: Category | undefined,
): Category | undefined {
  const weak = phrase?.strength === 'weak';
  if (command === 'CONN' || command === 'EHLO') {
    if (BLOCKED_BEFORE_MAIL.has(category) || weak) return 'blocked';
  }
  if (command === 'MAIL') {
    const aboutRecipient = category !== undefined && ABOUT_RECIPIENT.has(category);
    if ((aboutRecipient && category !== 'mailboxfull') || weak) return 'rejected';
  }
  if (
    command === 'DATA' &&
    category === 'userunknown' &&
    byStatus !== 'userunknown' &&
    phrase?.strength !== 'decisive'
  ) {
    return 'filtered';
  }
  return category;
}

/**
 * "User unknown" under a code that says the mailbox exists but refuses (X.2.1) or that
 * delivery is not authorized (X.7.x) is a filter hiding its verdict behind the mailbox
 * wording, as anti-harvesting setups do; at RCPT the mailbox lookup itself answered.
 */
function adjustForSecurityCode(
  category: Category | undefined,
  phrase: PhraseRule | undefined,
  status: string | undefined,
  command: SmtpCommand | undefined,
): Category | undefined {
  if (category !== 'userunknown' || phrase?.strength !== 'normal') return category;
  if (command === 'RCPT') return category;
  if (/^[45]\.(?:7\.\d+|2\.1)$/.test(status ?? '')) return 'filtered';
  return category;
}

/**
 * A temporary failure to resolve the domain is a network problem, not a verdict on it;
 * a temporary refusal of all mail is the system's state, not a null MX.
 */
function adjustForClass(
  category: Category | undefined,
  status: string | undefined,
  replyCode: string | undefined,
  phrase: PhraseRule | undefined,
): Category | undefined {
  const cls = status?.[0] ?? replyCode?.[0];
  if (cls === '4' && category === 'hostunknown') return 'networkerror';
  // X.3.2 "system not accepting network messages" is maintenance or load when temporary;
  // a null MX says so in words.
  if (cls === '4' && category === 'notaccept' && phrase?.category !== 'notaccept')
    return 'systemerror';
  return category;
}

/**
 * A delay notice (RFC 3464 Action "delayed") reports why the sender is still retrying: a
 * timeout there is the network failure of the last attempt; only a failed report, after
 * the sender stopped retrying, means the message expired. X.4.7 says expired outright.
 */
function adjustForAction(
  category: Category | undefined,
  action: string | undefined,
  phrase: PhraseRule | undefined,
  status: string | undefined,
): Category | undefined {
  if (action !== 'delayed' || !phrase?.whileRetrying || category !== phrase.category)
    return category;
  return /^4\.4\.7$/.test(status ?? '') ? category : phrase.whileRetrying;
}

/** How one failure's category was reached (docs/decision-order.md), for --explain. */
export interface FailureDecision {
  category: Category;
  /** The step of docs/decision-order.md that gave the category last. */
  step: string;
  /** The phrase row or provider marker that matched, if any. */
  phraseRow?: string;
  phraseStrength?: string;
  /** What the status code alone names. */
  statusCategory?: Category;
  stage?: SmtpCommand;
}

/** Category for one recipient's failure, never undefined ('undefined' when nothing fits). */
export function classifyFailure(facts: FailureFacts): Category {
  return decideFailure(facts).category;
}

/** classifyFailure with the facts and the step that decided. */
export function decideFailure(facts: FailureFacts): FailureDecision {
  const action = facts.action?.toLowerCase();
  if (action === 'delivered' || action === 'relayed' || action === 'expanded')
    return { category: 'delivered', step: '1 delivered (Action)' };
  if (facts.status?.startsWith('2.')) return { category: 'delivered', step: '1 delivered (2.x.x)' };
  const byStatus = categoryFromStatus(facts.status);
  const phrase = matchPhrase(facts.diagnostic);
  const command = (facts.command as SmtpCommand | undefined) ?? findSmtpCommand(facts.diagnostic);
  const out: Omit<FailureDecision, 'category' | 'step'> = {};
  if (phrase) {
    out.phraseRow = phrase.id;
    out.phraseStrength = phrase.strength;
  }
  if (byStatus) out.statusCategory = byStatus;
  if (command) out.stage = command;
  let category: Category | undefined = combine(phrase, byStatus, facts.status);
  let step = !phrase
    ? byStatus
      ? '3 status code'
      : '3 vague status fallback'
    : category === phrase.category
      ? `3 ${phrase.strength} phrase`
      : '3 status code over phrase';
  const steps: Array<[string, (c: Category | undefined) => Category | undefined]> = [
    ['4-6 SMTP stage', (c) => adjustForCommand(c, command, phrase, byStatus)],
    ['7 X.7.x / X.2.1 code', (c) => adjustForSecurityCode(c, phrase, facts.status, command)],
    ['8 status class', (c) => adjustForClass(c, facts.status, facts.replyCode, phrase)],
    ['9 Action delayed', (c) => adjustForAction(c, action, phrase, facts.status)],
  ];
  for (const [name, adjust] of steps) {
    const next = adjust(category);
    if (next !== category) step = name;
    category = next;
  }
  if (category) return { category, step, ...out };
  // A temporary failure that names no cause: the sender is still retrying (delayed) or
  // stopped when the time allowed ran out (failed with a 4.x.x code) — either way expired.
  const cls = facts.status?.[0] ?? facts.replyCode?.[0];
  if (action === 'delayed' || cls === '4')
    return { category: 'expired', step: '10 temporary, nothing named', ...out };
  // A report we read but whose wording names nothing: held for staff ("To qualify").
  const held = facts.diagnostic || facts.status;
  return { category: held ? 'onhold' : 'undefined', step: '10 nothing named', ...out };
}
