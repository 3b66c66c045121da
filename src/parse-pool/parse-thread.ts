/**
 * The entry of one parse thread: parses what the pool sends, one message at a time, and
 * answers with the result. The pool measures the time and ends a thread that overruns.
 */
import { Buffer } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { parseMessageSync } from '../parse/index.js';
import type { ThreadReply, ThreadRequest } from './thread-messages.js';

const port = parentPort;
if (!port) throw new Error('parse-thread runs only as a worker thread');

port.on('message', (request: ThreadRequest) => {
  const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
  const reply: ThreadReply = { id: request.id, parsed: parseMessageSync(raw, request.options) };
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ThreadReply);
