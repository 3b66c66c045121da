/**
 * The scheduler role: the nightly tasks (rule sync, cleanup, spool purge) on NIGHTLY_CRON, and the
 * webhook that sends out every address status change when WEBHOOK_URL is set.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../store/database.js';
import { loadShippedRuleSets } from '../rule-sets/start-rules.js';
import type { LiveRules } from '../rule-sets/live-rules.js';
import { createRuleSyncTask } from '../rule-sets/rule-sync-task.js';
import { runCleanup } from '../ledger/run-cleanup.js';
import { purgeSpool } from './purge-spool.js';
import { startWebhookDispatcher } from '../outbox/webhook-dispatcher.js';
import { startScheduler } from './start-scheduler.js';
import type { NightlyTask } from './nightly-task.js';

export async function startSchedulerRole(deps: {
  config: Readonly<Config>;
  db: Database;
  liveRules?: LiveRules;
  logger: Logger;
}): Promise<() => Promise<void>> {
  const { config, db, liveRules, logger } = deps;
  const fallback = liveRules?.fallback ?? (await loadShippedRuleSets(config, logger));
  // One entry per nightly task, run in this order.
  const nightlyTasks: NightlyTask[] = [
    createRuleSyncTask({
      db,
      policy: config.policy,
      fallback,
      limits: config.ruleLimits,
      logger: logger.child({ stage: 'rules' }),
      rulesDir: config.rulesDir,
      ...(config.rulesSourceUrl ? { rulesSourceUrl: config.rulesSourceUrl } : {}),
      ...(liveRules ? { onChanged: liveRules.refresh } : {}),
    }),
    {
      name: 'cleanup',
      run: async (now) => {
        const { dryRun: _dryRun, ...counts } = await runCleanup(db, now, config);
        return counts as Record<string, unknown>;
      },
    },
    {
      name: 'spool-purge',
      run: (now) => purgeSpool(db, now, config.spoolRetentionDays),
    },
  ];
  const scheduler = await startScheduler({
    cron: config.nightlyCron,
    tasks: nightlyTasks,
    logger: logger.child({ stage: 'scheduler' }),
    ...(config.shape === 'production' && config.redisUrl
      ? { redis: { url: config.redisUrl, queueName: config.queue.name } }
      : {}),
  });
  if (!config.webhook.url) return scheduler.stop;
  try {
    const dispatcher = await startWebhookDispatcher(db, {
      url: config.webhook.url,
      ...(config.webhook.secret ? { secret: config.webhook.secret } : {}),
      logger: logger.child({ stage: 'webhook' }),
    });
    return async () => {
      await dispatcher.stop();
      await scheduler.stop();
    };
  } catch (error) {
    await scheduler.stop();
    throw error;
  }
}
