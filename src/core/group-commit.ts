/**
 * Group commit: calls that arrive while a flush is running wait and go out together in the
 * next one, so a burst of DATA ends costs one INSERT and one queue round trip instead of one
 * each. A lone call is flushed at once (no timer: no latency is added when intake is quiet);
 * `windowMs` > 0 also holds the first call of a batch that long to gather more. Each caller
 * gets its own item's result, or the flush's error.
 */
export interface GroupCommitOptions<T, R> {
  /** Writes a batch; resolves one result per item, in order. */
  flush(items: T[]): Promise<R[]>;
  maxItems: number;
  /** A batch is closed once its items' sizes reach this (raw bytes held in memory). */
  maxBytes: number;
  sizeOf(item: T): number;
  windowMs?: number;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function createGroupCommit<T, R>(
  options: GroupCommitOptions<T, R>,
): (item: T) => Promise<R> {
  const waiting: Array<Pending<T, R>> = [];
  let waitingBytes = 0;
  let flushing = false;
  let timer: NodeJS.Timeout | undefined;

  const takeBatch = (): Array<Pending<T, R>> => {
    const batch: Array<Pending<T, R>> = [];
    let bytes = 0;
    while (waiting.length > 0 && batch.length < options.maxItems) {
      const next = waiting[0]!;
      const size = options.sizeOf(next.item);
      if (batch.length > 0 && bytes + size > options.maxBytes) break;
      batch.push(waiting.shift()!);
      bytes += size;
    }
    waitingBytes -= bytes;
    return batch;
  };

  const run = async (): Promise<void> => {
    flushing = true;
    try {
      while (waiting.length > 0) {
        const batch = takeBatch();
        try {
          const results = await options.flush(batch.map((pending) => pending.item));
          batch.forEach((pending, i) => pending.resolve(results[i]!));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  };

  const schedule = () => {
    if (flushing || timer) return;
    const full = waiting.length >= options.maxItems || waitingBytes >= options.maxBytes;
    if (!options.windowMs || full) {
      void run();
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      if (!flushing) void run();
    }, options.windowMs);
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      waitingBytes += options.sizeOf(item);
      if (timer && (waiting.length >= options.maxItems || waitingBytes >= options.maxBytes)) {
        clearTimeout(timer);
        timer = undefined;
      }
      schedule();
    });
}
