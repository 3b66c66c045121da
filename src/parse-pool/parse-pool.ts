/**
 * A small pool of worker threads that run the parser off the event loop, each parse under a
 * wall-clock budget: SMTP, the API and the queue keep answering while a hostile message is
 * parsed, and a parse that overruns ends as `unknown` ("parse budget exceeded") — its thread
 * is terminated (a regex cannot be interrupted otherwise) and replaced (issue 15).
 */
import type { Logger } from 'pino';
import { Worker } from 'node:worker_threads';
import type { ParsedMessage, ParseOptions } from '../parse/types.js';
import { parseThreadEntry, type ThreadEntry } from './thread-entry.js';
import type { ThreadReply, ThreadRequest } from './thread-messages.js';

export interface ParsePoolOptions {
  /** Threads (each parses one message at a time). */
  size: number;
  /** Wall-clock milliseconds a parse may take once a thread has it. */
  budgetMs: number;
  logger?: Logger;
  /** Heap cap of one thread, MiB: a message that needs more ends like an overrun. */
  maxHeapMb?: number;
  entry?: ThreadEntry;
}

export interface ParsePool {
  parse(raw: Buffer, options?: ParseOptions): Promise<ParsedMessage>;
  /** Threads replaced so far (overrun or crashed). */
  readonly replaced: number;
  close(): Promise<void>;
}

export const BUDGET_EXCEEDED = 'parse budget exceeded';

interface Task {
  id: number;
  raw: Buffer;
  options: ParseOptions;
  resolve(parsed: ParsedMessage): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task | undefined;
  timer?: NodeJS.Timeout | undefined;
  startedAt?: number;
}

function unknown(reason: string): ParsedMessage {
  return { kind: 'unknown', results: [], unknownReason: reason };
}

export function createParsePool(options: ParsePoolOptions): ParsePool {
  const entry = options.entry ?? parseThreadEntry();
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let replaced = 0;
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(entry.script, {
      eval: entry.evalScript ?? false,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
    });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (reply: ThreadReply) => {
      if ('ready' in reply) {
        slot.ready = true;
      } else if (slot.task?.id === reply.id) {
        clearTimeout(slot.timer);
        const task = slot.task;
        slot.task = undefined;
        task.resolve(reply.parsed);
      }
      pump();
    });
    // A thread that dies (out of heap, a crash) fails only the message it held.
    worker.on('error', (error: Error) => retire(slot, `parse thread failed: ${error.message}`));
    worker.on('exit', (code) => retire(slot, `parse thread exited with code ${code}`));
    worker.unref();
    return slot;
  };

  /** Ends a slot's thread, answers its message with `reason`, and starts a fresh thread. */
  const retire = (slot: Slot, reason: string) => {
    const at = slots.indexOf(slot);
    if (at < 0) return;
    clearTimeout(slot.timer);
    slots.splice(at, 1);
    void slot.worker.terminate();
    const task = slot.task;
    slot.task = undefined;
    if (task) {
      options.logger?.warn({
        event: reason === BUDGET_EXCEEDED ? 'parse.budget_exceeded' : 'parse.thread_failed',
        reason,
        bytes: task.raw.length,
        ms: Math.round(performance.now() - (slot.startedAt ?? performance.now())),
      });
      task.resolve(unknown(reason));
    }
    if (closed) return;
    replaced += 1;
    slots.push(spawn());
    pump();
  };

  const pump = () => {
    // Threads keep the process alive only while a parse waits on them.
    for (const slot of slots) {
      if (queue.length > 0 || slot.task) slot.worker.ref();
      else slot.worker.unref();
    }
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = queue.shift()!;
      slot.task = task;
      slot.startedAt = performance.now();
      slot.timer = setTimeout(() => retire(slot, BUDGET_EXCEEDED), options.budgetMs);
      const request: ThreadRequest = { id: task.id, raw: task.raw, options: task.options };
      slot.worker.postMessage(request);
      slot.worker.ref();
    }
  };

  for (let i = 0; i < options.size; i++) slots.push(spawn());

  return {
    parse(raw, parseOptions = {}) {
      if (closed) return Promise.reject(new Error('parse pool is closed'));
      return new Promise<ParsedMessage>((resolve, reject) => {
        queue.push({ id: nextId++, raw, options: parseOptions, resolve, reject });
        pump();
      });
    },
    get replaced() {
      return replaced;
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('parse pool is closed'));
      const all = slots.splice(0);
      for (const slot of all) {
        clearTimeout(slot.timer);
        slot.task?.reject(new Error('parse pool is closed'));
      }
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
