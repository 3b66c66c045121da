import { nightlyTaskDuration, nightlyTaskLastRun, nightlyTaskRuns } from '../metrics/index.js';

/** One piece of nightly work (rule sync, cleanup). `now` is the scheduled time, not the clock. */
export interface NightlyTask {
  name: string;
  /** Returns counts for the log line (what changed). */
  run(now: Date): Promise<Record<string, unknown>>;
}

export interface NightlyRunResult {
  task: string;
  ok: boolean;
  summary?: Record<string, unknown>;
  error?: string;
}

/** Runs the tasks in order; one failing task does not keep the next from running. */
export async function runNightlyTasks(
  tasks: readonly NightlyTask[],
  now: Date,
): Promise<NightlyRunResult[]> {
  const results: NightlyRunResult[] = [];
  for (const task of tasks) {
    const stopTimer = nightlyTaskDuration.startTimer({ task: task.name });
    let result: NightlyRunResult;
    try {
      result = { task: task.name, ok: true, summary: await task.run(now) };
    } catch (error) {
      result = { task: task.name, ok: false, error: (error as Error).message };
    }
    stopTimer();
    const outcome = result.ok ? 'ok' : 'failed';
    nightlyTaskRuns.inc({ task: task.name, outcome });
    nightlyTaskLastRun.set({ task: task.name, outcome }, Date.now() / 1000);
    results.push(result);
  }
  return results;
}
