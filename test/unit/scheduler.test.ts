import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import {
  nextCronTime,
  runNightlyTasks,
  startScheduler,
  type NightlyTask,
} from '../../src/scheduler/index.js';
import { loadConfig } from '../../src/config.js';

describe('nightly scheduling', () => {
  it('computes the next 02:30 UTC run', () => {
    expect(nextCronTime('30 2 * * *', new Date('2026-11-22T05:00:00Z')).toISOString()).toBe(
      '2026-11-23T02:30:00.000Z',
    );
  });

  it('rejects a bad NIGHTLY_CRON at start', () => {
    expect(() => loadConfig({ NIGHTLY_CRON: 'every night' })).toThrow(/NIGHTLY_CRON/);
  });

  it('runs every task even when one fails, and reports each', async () => {
    const order: string[] = [];
    const tasks: NightlyTask[] = [
      {
        name: 'sync',
        run: async () => {
          order.push('sync');
          throw new Error('source down');
        },
      },
      {
        name: 'cleanup',
        run: async (now) => {
          order.push('cleanup');
          return { at: now.toISOString() };
        },
      },
    ];
    const results = await runNightlyTasks(tasks, new Date('2026-11-23T02:30:00Z'));
    expect(order).toEqual(['sync', 'cleanup']);
    expect(results).toEqual([
      { task: 'sync', ok: false, error: 'source down' },
      { task: 'cleanup', ok: true, summary: { at: '2026-11-23T02:30:00.000Z' } },
    ]);
  });

  it('fires the in-process schedule at its tick with the tick as "now"', async () => {
    const seen: Date[] = [];
    const scheduler = await startScheduler({
      cron: '* * * * * *',
      logger: pino({ level: 'silent' }),
      tasks: [
        {
          name: 'probe',
          run: async (now) => {
            seen.push(now);
            return {};
          },
        },
      ],
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_300));
    } finally {
      await scheduler.stop();
    }
    expect(seen.length).toBeGreaterThanOrEqual(1);
    for (const at of seen) expect(at.getMilliseconds()).toBe(0);
  });
});
