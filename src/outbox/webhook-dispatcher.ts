/**
 * Sends every change of an address's status to a webhook, from the audit history (an outbox:
 * rows are read past a stored cursor, POSTed in batches, and the cursor moves only after a 2xx
 * answer — so a receiver that is down gets every change later, in order, at least once).
 * Each body is signed with HMAC-SHA256 (`X-Rebound-Signature: sha256=<hex>`) when a secret is set.
 * A redirect is followed only on the webhook's own host (the signed changes go nowhere else).
 * Events that are not status changes (an opt-out, a domain pause: outbox_events) follow the
 * same way past a cursor of their own, one POST per run of events of one type.
 */
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { fetchSameHost } from '../core/fetch-same-host.js';
import type { Database } from '../store/database.js';
import {
  historyAfter,
  newestHistoryId,
  readCursor,
  writeCursor,
  type HistoryRow,
} from '../store/webhook-cursor-repository.js';
import {
  newestOutboxEventId,
  outboxEventsAfter,
  type OutboxEventRow,
} from '../store/outbox-event-repository.js';

export interface WebhookOptions {
  url: string;
  secret?: string;
  /** Changes per POST. */
  batchSize?: number;
  intervalMs?: number;
  timeoutMs?: number;
  logger: Logger;
  /** Cursor name, so several webhooks could keep their own place. */
  name?: string;
}

export interface WebhookDispatcher {
  stop(): Promise<void>;
}

export function statusChangeJson(row: HistoryRow) {
  return {
    id: row.id,
    address: row.address,
    channel: row.channel,
    from: row.fromStatus,
    to: row.toStatus,
    reason: row.reason,
    cause: row.cause,
    actor: row.actor,
    at: row.at.toISOString(),
  };
}

/** One outbox event as sent: its id (to drop repeats), time and payload. */
export function outboxEventJson(row: OutboxEventRow) {
  return { id: row.id, ...row.payload, at: row.at.toISOString() };
}

/** Consecutive rows of one type, so each POST keeps one `type` at the top. */
function runsOfOneType(rows: OutboxEventRow[]): OutboxEventRow[][] {
  const runs: OutboxEventRow[][] = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.type === row.type) last.push(row);
    else runs.push([row]);
  }
  return runs;
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function startWebhookDispatcher(
  db: Database,
  options: WebhookOptions,
): Promise<WebhookDispatcher> {
  const name = options.name ?? 'default';
  const batchSize = options.batchSize ?? 500;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<number> = Promise.resolve(0);

  const post = async (payload: Record<string, unknown>) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'rebound-webhook',
    };
    if (options.secret) headers['x-rebound-signature'] = signBody(body, options.secret);
    const { response, refused } = await fetchSameHost(options.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (refused)
      throw new Error(
        `webhook answered ${response.status} to ${refused.to}: not followed (${refused.reason})`,
      );
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  };

  const eventsCursor = `${name}:events`;
  // A new webhook starts from now (set before any change is processed), an existing one resumes.
  if ((await readCursor(db, name)) === undefined)
    await writeCursor(db, name, await newestHistoryId(db));
  if ((await readCursor(db, eventsCursor)) === undefined)
    await writeCursor(db, eventsCursor, await newestOutboxEventId(db));

  const deliver = async (): Promise<number> => {
    let cursor = (await readCursor(db, name)) ?? 0;
    let delivered = 0;
    for (;;) {
      const rows = await historyAfter(db, cursor, batchSize);
      if (rows.length === 0) break;
      await post({ type: 'address.status_changed', changes: rows.map(statusChangeJson) });
      cursor = rows[rows.length - 1]!.id;
      await writeCursor(db, name, cursor);
      delivered += rows.length;
      options.logger.info({ event: 'webhook.delivered', count: rows.length, lastId: cursor });
    }
    return delivered + (await deliverEvents());
  };

  const deliverEvents = async (): Promise<number> => {
    let cursor = (await readCursor(db, eventsCursor)) ?? 0;
    let delivered = 0;
    for (;;) {
      const rows = await outboxEventsAfter(db, cursor, batchSize);
      if (rows.length === 0) return delivered;
      for (const run of runsOfOneType(rows)) {
        await post({ type: run[0]!.type, events: run.map(outboxEventJson) });
        cursor = run[run.length - 1]!.id;
        await writeCursor(db, eventsCursor, cursor);
        delivered += run.length;
        options.logger.info({
          event: 'webhook.delivered',
          type: run[0]!.type,
          count: run.length,
          lastId: cursor,
        });
      }
    }
  };

  const schedule = () => {
    if (stopped) return;
    // Back off up to 5 minutes while the receiver fails; a success resets the pace.
    const delay =
      failures === 0 ? (options.intervalMs ?? 2_000) : Math.min(2_000 * 2 ** failures, 300_000);
    timer = setTimeout(() => {
      running = deliver()
        .then((count) => {
          failures = 0;
          return count;
        })
        .catch((error: Error) => {
          failures += 1;
          options.logger.warn({ event: 'webhook.failed', failures, err: error });
          return 0;
        })
        .finally(schedule);
    }, delay);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
