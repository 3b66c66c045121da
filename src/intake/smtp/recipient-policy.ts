/**
 * Who may receive mail here: any local part at a return-path domain, and the exact FBL
 * addresses. Everything else is refused at RCPT, so the listener is never an open relay.
 */
export interface RecipientPolicy {
  returnPathDomains: string[];
  fblAddresses: string[];
}

export type RecipientDecision = 'return-path' | 'fbl' | 'refused';

export function classifyRecipient(address: string, policy: RecipientPolicy): RecipientDecision {
  const lower = address.trim().toLowerCase();
  if (policy.fblAddresses.includes(lower)) return 'fbl';
  const at = lower.lastIndexOf('@');
  if (at <= 0) return 'refused';
  const domain = lower.slice(at + 1).replace(/\.$/, '');
  return policy.returnPathDomains.includes(domain) ? 'return-path' : 'refused';
}
