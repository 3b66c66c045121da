/** What intake needs from a queue, and what a worker shell calls. Two implementations:
 * BullMQ on Redis (production shape) and the in-process feeder (embedded default). */

export interface MessageJob {
  spoolId: number;
}

/** Producer side: resolves once the job is durably queued (or known already queued). */
export interface MessageQueue {
  enqueue(spoolId: number): Promise<void>;
  /** Several at once, in one round trip where the queue allows (intake's group commit). */
  enqueueMany(spoolIds: readonly number[]): Promise<void>;
  /** Queues a message again that was already handled (staff retry); enqueue() would no-op. */
  requeue(spoolId: number): Promise<void>;
  /**
   * Where the message's job stands, for the sweeper: `queued` (waiting, delayed or running),
   * `failed` (the queue gave up: attempts spent or stalled too often) or `missing` (no job, or
   * a finished one while the spool row still waits).
   */
  inspect(spoolId: number): Promise<JobStatus>;
  /** Jobs by state, for /metrics. */
  counts(): Promise<QueueCounts>;
  /** Reachability for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** `delayed`: waiting out a retry back-off; `failed`: given up on (attempts spent, stalled). */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export type JobStatus =
  { state: 'queued' } | { state: 'missing' } | { state: 'failed'; reason: string };

export interface AttemptInfo {
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

/** The worker function both shells feed. Throw an AppError; `retryable: false` stops retries. */
export type MessageHandler = (spoolId: number, attempt: AttemptInfo) => Promise<void>;

export interface MessageConsumer {
  /** Stops taking new jobs and waits for the running ones. */
  close(): Promise<void>;
}

/** BullMQ refuses integer-looking custom job ids; the prefix also makes keys readable. */
export function jobIdFor(spoolId: number): string {
  return `msg-${spoolId}`;
}
