import type { Category, Channel, FailureType, Reason } from '../core/vocabulary.js';

/** What the qualification stage needs to know about one failure. */
export interface QualifyInput {
  channel: Channel;
  category: Category;
  status?: string;
  replyCode?: string;
  /** The raw error text (diagnostic). */
  text: string;
  /** Recipient domain (email) — rules may be limited to a domain. */
  domain?: string;
}

/** The decision for one failure, with what is needed to explain and replay it. */
export interface Verdict {
  type: FailureType;
  reason: Reason;
  /** The error text with its variable parts replaced (#xxx#, *). */
  normalizedText: string;
  /** Id of the rule that matched; undefined when nothing matched ("To qualify"). */
  ruleId?: string;
  ruleSetVersion?: string;
  /** True when no rule matched: the text waits for staff. */
  toQualify: boolean;
}
