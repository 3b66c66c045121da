/**
 * The worker's statement budget: storing a batch costs a fixed number of SQL statements,
 * whatever the number of recipients per message (issue: 208 statements for one DSN with 50
 * hard recipients before batching). Counted on real PostgreSQL through drizzle's query log.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { openPostgres, queryRows, type DatabaseHandle } from '../../src/store/database.js';
import { storeInboundMessages } from '../../src/store/spool-repository.js';
import { loadConfig } from '../../src/config.js';
import { loadRuleDirectory } from '../../src/rule-sets/load-rule-directory.js';
import { createQualifierHandle } from '../../src/rule-sets/load-qualifier.js';
import { createBatchProcessor } from '../../src/worker/process-batch.js';
import { createDomainHealthChecker } from '../../src/domain-health/check-domain-health.js';
import { parseMessage } from '../../src/parse/index.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { buildDsn } from '../helpers/build-dsn.js';
import { TEST_RETURN_PATH_DOMAIN } from '../helpers/service.js';

/** Statements for one batch, whatever its size: load, begin, locks, upserts, commit, health. */
const BATCH_BUDGET = 20;

describe('a worker batch', () => {
  let handle: DatabaseHandle;
  let statements = 0;
  beforeAll(async () => {
    const url = await createDatabase(
      inject('postgresAdminUrl'),
      `rebound_budget_${randomBytes(4).toString('hex')}`,
    );
    handle = await openPostgres(url, { onStatement: () => (statements += 1) });
  });
  afterAll(async () => {
    await handle.close();
  });

  const run = async (batch: number, messages: number, recipients: number) => {
    const config = loadConfig({ RETURN_PATH_DOMAINS: TEST_RETURN_PATH_DOMAIN });
    const rules = await loadRuleDirectory('rules');
    if (!rules.ok) throw rules.error;
    const qualifier = createQualifierHandle(rules.ruleSets);
    const logger = pino({ level: 'silent' });
    const process = createBatchProcessor({
      db: handle.db,
      logger,
      parse: parseMessage,
      qualify: qualifier.qualify,
      policy: config.policy,
      fblAddresses: [],
      parseOptions: { correlationHeaders: config.correlationHeaders },
      outageGuard: { threshold: 1_000_000, windowMinutes: 60 },
      domainHealth: createDomainHealthChecker({
        db: handle.db,
        defaults: config.domainHealth,
        logger,
      }),
    });
    const raws = Array.from({ length: messages }, (_, m) =>
      buildDsn({
        messageId: `<budget-${batch}-${m}@mx.sender.example>`,
        recipients: Array.from({ length: recipients }, (_, r) => ({
          address: `user${r}.m${m}.b${batch}@d${r % 7}.example`,
          status: r % 4 === 0 ? '4.2.2' : '5.1.1',
        })),
      }),
    );
    const stored = await storeInboundMessages(
      handle.db,
      raws.map((raw) => ({
        source: 'smtp',
        envelope: { mailFrom: '', rcptTo: [`bounce@${TEST_RETURN_PATH_DOMAIN}`] },
        raw: Buffer.from(raw),
        receivedAt: new Date(),
      })),
    );
    statements = 0;
    const results = await process(
      stored.map((row) => ({ spoolId: row.id, attempt: { attempt: 1, maxAttempts: 3 } })),
    );
    expect(results.every((result) => result.error === undefined)).toBe(true);
    const counted = statements;
    const rows = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from delivery_events where message_id = any(${`{${stored.map((r) => r.id).join(',')}}`}::bigint[])`,
    );
    expect(rows[0]!.n).toBe(messages * recipients);
    return counted;
  };

  it('stores the others of a batch when one message cannot be stored, and fails that one alone', async () => {
    // A message whose event the database refuses: the batch's one transaction fails, the
    // split stores each message alone.
    await handle.db.execute(sql`create or replace function refuse_poison() returns trigger as $$
      begin
        if new.address like 'poison%' then raise exception 'poison event refused'; end if;
        return new;
      end $$ language plpgsql`);
    await handle.db.execute(
      sql`create trigger refuse_poison before insert on delivery_events for each row execute function refuse_poison()`,
    );
    try {
      const config = loadConfig({ RETURN_PATH_DOMAINS: TEST_RETURN_PATH_DOMAIN });
      const rules = await loadRuleDirectory('rules');
      if (!rules.ok) throw rules.error;
      const process = createBatchProcessor({
        db: handle.db,
        logger: pino({ level: 'silent' }),
        parse: parseMessage,
        qualify: createQualifierHandle(rules.ruleSets).qualify,
        policy: config.policy,
        fblAddresses: [],
        parseOptions: { correlationHeaders: config.correlationHeaders },
      });
      const names = ['good1', 'poison', 'good2'];
      const stored = await storeInboundMessages(
        handle.db,
        names.map((name) => ({
          source: 'smtp',
          envelope: { mailFrom: '', rcptTo: [`bounce@${TEST_RETURN_PATH_DOMAIN}`] },
          raw: Buffer.from(
            buildDsn({
              messageId: `<split-${name}@mx.sender.example>`,
              recipients: [{ address: `${name}@split.example`, status: '5.1.1' }],
            }),
          ),
          receivedAt: new Date(),
        })),
      );
      const results = await process(
        stored.map((row, i) => ({
          spoolId: row.id,
          attempt: { attempt: i === 1 ? 3 : 1, maxAttempts: 3 },
        })),
      );
      expect(results.map((result) => result.error !== undefined)).toEqual([false, true, false]);
      const states = await queryRows<{ id: number; state: string; error: string | null }>(
        handle.db,
        sql`select id::int, state, error from inbound_messages where id = any(${`{${stored.map((r) => r.id).join(',')}}`}::bigint[]) order by id`,
      );
      expect(states.map((row) => row.state)).toEqual(['processed', 'failed', 'processed']);
      expect(states[1]!.error).toContain('delivery_events');
    } finally {
      await handle.db.execute(sql`drop trigger refuse_poison on delivery_events`);
    }
  }, 60_000);

  it('does not grow with recipients or messages', async () => {
    const oneRecipient = await run(1, 10, 1);
    const fiftyRecipients = await run(2, 10, 50);
    const oneMessage = await run(3, 1, 50);
    console.log(
      `statements per batch: 10×1 ${oneRecipient}, 10×50 ${fiftyRecipients}, 1×50 ${oneMessage}`,
    );
    expect(oneRecipient).toBeLessThanOrEqual(BATCH_BUDGET);
    expect(fiftyRecipients).toBeLessThanOrEqual(BATCH_BUDGET);
    expect(oneMessage).toBeLessThanOrEqual(BATCH_BUDGET);
    // 500 recipients in one batch cost at most a statement or two more than 10 (new texts).
    expect(fiftyRecipients - oneRecipient).toBeLessThanOrEqual(2);
  }, 60_000);
});
