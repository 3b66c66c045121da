import { describe, expect, it } from 'vitest';
import {
  markMailboxDrained,
  nightlyTaskDuration,
  nightlyTaskRuns,
  processRegistry,
} from '../../src/metrics/index.js';
import { runNightlyTasks } from '../../src/scheduler/nightly-task.js';
import { parsePrometheusText, sumOf } from '../helpers/prometheus-text.js';

async function samples() {
  return parsePrometheusText(await processRegistry.metrics());
}

describe('process metrics', () => {
  it('counts each nightly task by outcome and times it, a failure included', async () => {
    await runNightlyTasks(
      [
        { name: 'metrics-ok', run: async () => ({}) },
        {
          name: 'metrics-broken',
          run: async () => {
            throw new Error('no');
          },
        },
      ],
      new Date('2026-12-01T02:30:00Z'),
    );
    const runs = await nightlyTaskRuns.get();
    const value = (task: string, outcome: string) =>
      runs.values.find((v) => v.labels.task === task && v.labels.outcome === outcome)?.value;
    expect(value('metrics-ok', 'ok')).toBe(1);
    expect(value('metrics-broken', 'failed')).toBe(1);
    expect(value('metrics-broken', 'ok')).toBeUndefined();
    const durations = await nightlyTaskDuration.get();
    expect(
      durations.values.find(
        (v) =>
          v.metricName === 'rebound_nightly_task_duration_seconds_count' &&
          v.labels.task === 'metrics-ok',
      )?.value,
    ).toBe(1);
    const text = await samples();
    expect(
      sumOf(text, 'rebound_nightly_task_last_run_timestamp_seconds', { task: 'metrics-broken' }),
    ).toBeGreaterThan(0);
  });

  it('reports how long ago each IMAP mailbox was last drained', async () => {
    markMailboxDrained('imaps://bounces@imap.example/INBOX', Date.now() - 90_000);
    const lag = sumOf(await samples(), 'rebound_imap_mailbox_lag_seconds', {
      mailbox: 'imaps://bounces@imap.example/INBOX',
    });
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(3_600);
    markMailboxDrained('imaps://bounces@imap.example/INBOX');
    expect(
      sumOf(await samples(), 'rebound_imap_mailbox_lag_seconds', {
        mailbox: 'imaps://bounces@imap.example/INBOX',
      }),
    ).toBeLessThan(90);
  });
});
