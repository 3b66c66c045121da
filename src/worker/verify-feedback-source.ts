/**
 * Is a complaint from a real feedback loop? Anyone can send an ARF report to an FBL address;
 * only a DKIM signature of the provider proves it came from there. With FBL_SOURCES set, a
 * complaint counts when one signature passes for a listed domain (d= the domain or a
 * subdomain of it), covers the whole body (an `l=` tag shorter than the body lets anyone
 * append a report of their own, RFC 6376 §8.2) and signs every From and Content-Type field
 * the message has (an unsigned extra field could change what the parser reads, §8.15).
 * DNS is I/O: the resolver is injected, so tests use a key of their own and no network.
 */
import { resolveTxt } from 'node:dns/promises';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import type { DNSResolver, DKIMResult } from 'mailauth';

/** TXT lookups for DKIM keys (`selector._domainkey.domain`), as mailauth calls them. */
export type DkimResolver = DNSResolver;

export type FeedbackSourceVerdict =
  | { trusted: true; signingDomain: string }
  | { trusted: false; reason: string; temporary: boolean; signingDomains: string[] };

export interface FeedbackSourceCheck {
  (raw: Buffer): Promise<FeedbackSourceVerdict>;
}

/** Fields a trusted signature must sign every instance of. */
const MUST_SIGN = ['from', 'content-type'];

export function createFeedbackSourceCheck(options: {
  sources: readonly string[];
  resolver?: DkimResolver;
  now?: () => Date;
}): FeedbackSourceCheck {
  const sources = options.sources.map((d) => d.toLowerCase());
  const resolver: DkimResolver = options.resolver ?? ((name, rrtype) => resolveTxt(name));
  return async (raw) => {
    const verified = await dkimVerify(raw, {
      resolver,
      ...(options.now ? { curTime: options.now() } : {}),
    });
    const present = countFields(verified as { headers?: unknown });
    const listed = verified.results.filter((r) => isListed(r.signingDomain, sources));
    const signingDomains = verified.results
      .map((r) => r.signingDomain)
      .filter((d): d is string => typeof d === 'string');
    for (const result of listed) {
      if (result.status.result === 'pass' && coversMessage(result, present))
        return { trusted: true, signingDomain: result.signingDomain.toLowerCase() };
    }
    const temporary = listed.some((r) => r.status.result === 'temperror');
    return { trusted: false, reason: whyNot(listed, present), temporary, signingDomains };
  };
}

/** `d=` is a listed domain or a subdomain of one (not a lookalike such as `evil-listed.com`). */
export function isListed(signingDomain: string | undefined, sources: readonly string[]): boolean {
  if (!signingDomain) return false;
  const d = signingDomain.toLowerCase().replace(/\.$/, '');
  return sources.some((source) => d === source || d.endsWith(`.${source}`));
}

function coversMessage(result: DKIMResult, present: Map<string, number>): boolean {
  const full = result as DKIMResult & {
    canonBodyLengthLimited?: boolean;
    canonBodyLength?: number;
    canonBodyLengthTotal?: number;
    signingHeaders?: { keys?: string };
  };
  if (full.canonBodyLengthLimited && full.canonBodyLength !== full.canonBodyLengthTotal)
    return false;
  const signed = new Map<string, number>();
  for (const key of (full.signingHeaders?.keys ?? '').split(':')) {
    const name = key.trim().toLowerCase();
    if (name) signed.set(name, (signed.get(name) ?? 0) + 1);
  }
  if (!signed.has('from')) return false;
  return MUST_SIGN.every((name) => (signed.get(name) ?? 0) >= (present.get(name) ?? 0));
}

function whyNot(listed: DKIMResult[], present: Map<string, number>): string {
  if (listed.length === 0) return 'no DKIM signature of a listed feedback-loop domain';
  const passed = listed.find((r) => r.status.result === 'pass');
  if (passed && !coversMessage(passed, present))
    return `DKIM signature of ${passed.signingDomain} does not cover the whole message`;
  const first = listed[0]!;
  return `DKIM ${first.status.result} for ${first.signingDomain}${first.status.comment ? ` (${first.status.comment})` : ''}`;
}

/** How many times each field occurs in the header (mailauth keeps the parsed lines). */
function countFields(verified: { headers?: unknown }): Map<string, number> {
  const counts = new Map<string, number>();
  const parsed = (verified.headers as { parsed?: Array<{ key?: string | null }> } | undefined)
    ?.parsed;
  for (const line of parsed ?? []) {
    const key = line.key?.toLowerCase();
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
