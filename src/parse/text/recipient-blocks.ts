/**
 * Recipients and their error text in a free-text bounce. Real MTAs put each failed
 * address at the start of a line — alone (Exim, Gmail), in angle brackets with a colon
 * (qmail, Postfix, Yahoo), after a label ("Recipient address:", Japanese "宛先：" with a
 * full-width colon), or followed by a date
 * (Exchange 2003) — with the remote server's reply on the next lines.
 */
import { ADDRESS_SOURCE } from './address.js';

export interface RecipientBlock {
  address: string;
  /** The reply text that belongs to this address. */
  text: string;
  /** True when the address came only from a weak label such as `To:`. */
  weak: boolean;
}

const LINE = new RegExp(
  String.raw`^[ \t]*(?:[*\-•>]+[ \t]*)?(?:([^\s:：<>@]{1,20}(?:[ \t][^\s:：<>@]{1,20}){0,4})[ \t]*[:：][ \t]*)?(?:"[^"\n]*"[ \t]*|${ADDRESS_SOURCE}[ \t]+(?=<))?(?:<|\()?[ \t]*(?:mailto:|rfc822;[ \t]*)?(${ADDRESS_SOURCE})[ \t]*(?:>|\))?(?=[ \t]*(?:$|:|[,;.](?=\s|$)|\.\.\.|<|[ \t]+\S))(.*)$`,
  'i',
);

/**
 * Labels that name something other than the failed recipient. Exchange Online's "Original
 * Message Details" lists the author as "Sender Address:" next to "Recipient Address:".
 */
const NOT_RECIPIENT_LABEL =
  /^(?:(?:original )?(?:from|reply-to|sender|return-path|envelope-from|mail from)(?: address| e-?mail)?|sent by|cc|bcc|by|via|received|message-id|in-reply-to|references|list-\w+|errors-to|remote host said|host|server)$/i;
const WEAK_LABEL = /^(?:to|an|à|a|para|destinataire|宛先)$/i;

const MAX_BLOCK_LINES = 12;

/** A header line of a quoted message, at the start of the line as in a returned original. */
const QUOTED_HEADER =
  /^(?:from|to|cc|subject|date|message-id|received|return-path|reply-to|sender|mime-version|content-type|x-[\w-]+):/i;

/**
 * Two header lines in a row start a quoted message (the original, returned without a
 * marker line): its Subject or To names no failure, so the block before it ends there.
 */
function startsQuotedHeaders(lines: readonly string[], i: number): boolean {
  return QUOTED_HEADER.test(lines[i] ?? '') && QUOTED_HEADER.test(lines[i + 1] ?? '');
}

/** Splits a report region into per-recipient blocks. */
export function recipientBlocks(region: string): RecipientBlock[] {
  const lines = region.split('\n');
  const blocks: RecipientBlock[] = [];
  let current: { block: RecipientBlock; lines: string[]; sealed?: boolean } | undefined;
  const close = () => {
    if (current) current.block.text = current.lines.join('\n').trim();
  };
  for (const [i, line] of lines.entries()) {
    if (current && !current.sealed && startsQuotedHeaders(lines, i)) current.sealed = true;
    const m = line.length <= 400 ? LINE.exec(line) : null;
    const label = m?.[1]?.trim();
    const repeats =
      current !== undefined && m?.[2]?.toLowerCase() === current.block.address.toLowerCase();
    if (m?.[2] && !repeats && !(label && NOT_RECIPIENT_LABEL.test(label)) && !isReplyLine(line)) {
      close();
      const block: RecipientBlock = {
        address: m[2],
        text: '',
        weak: Boolean(label && WEAK_LABEL.test(label)),
      };
      current = { block, lines: [m[3] ?? ''] };
      blocks.push(block);
      continue;
    }
    if (current && !current.sealed && current.lines.length < MAX_BLOCK_LINES)
      current.lines.push(line);
  }
  close();
  return blocks;
}

/** A line that quotes the SMTP dialogue rather than naming a recipient. */
function isReplyLine(line: string): boolean {
  return /^\s*(?:[<>]{3}|[245]\d\d[ -]|RCPT TO|MAIL FROM)/i.test(line);
}
