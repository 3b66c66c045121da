import { classifyMessage } from './classify-message.js';
import type { DrainContext } from './drain-mailbox.js';
import { searchUids } from './search-uids.js';
import {
  NOT_BOUNCE_KEYWORD,
  REFUSED_KEYWORD,
  setAsideMessages,
  settleMessages,
} from './settle-messages.js';
import { toUidSet } from './uid-set.js';

/**
 * Settles what an earlier pass took care of but did not get to mark: messages at or below the
 * checkpoint still in the mailbox (the poller stopped between the checkpoint and the batch's
 * settle). Refused messages stay, and so, under `nonBounce=leave`, does a person's mail that
 * carries {@link NOT_BOUNCE_KEYWORD}. With a classifier, each leftover is classified again,
 * since a person's mail may have lost the race to its keyword: only reports are settled per
 * `action`, the rest is set aside. On a server without custom keywords, mail left under
 * `nonBounce=leave` is fetched and classified again on every pass; it is never settled.
 */
export async function settleLeftovers(ctx: DrainContext, lastUid: number): Promise<void> {
  const { client, config, logger } = ctx;
  const found = await searchUids(client, {
    uid: `1:${lastUid}`,
    unKeyword: REFUSED_KEYWORD,
    ...(config.nonBounce.action === 'leave' ? { not: { keyword: NOT_BOUNCE_KEYWORD } } : {}),
    ...(config.action === 'flag' ? { seen: false } : {}),
  });
  const leftover = found.filter((uid) => uid <= lastUid);
  if (leftover.length === 0) return;
  const { reports, others } = await sortLeftovers(ctx, leftover);
  if (reports.length > 0) {
    logger.info(
      { event: 'imap.leftover.settled', count: reports.length },
      'settling accepted messages left by an earlier run',
    );
    await settleMessages(client, config, reports);
  }
  await setAsideMessages(client, config, others);
}

async function sortLeftovers(
  ctx: DrainContext,
  uids: number[],
): Promise<{ reports: number[]; others: number[] }> {
  if (!ctx.classify) return { reports: uids, others: [] };
  const reports: number[] = [];
  const others: number[] = [];
  for await (const message of ctx.client.fetch(
    toUidSet(uids),
    { uid: true, source: true },
    { uid: true },
  )) {
    const kind = message.source
      ? await classifyMessage(ctx.classify, message.source, message.uid, ctx.logger)
      : 'report';
    (kind === 'other' ? others : reports).push(message.uid);
  }
  return { reports, others };
}
