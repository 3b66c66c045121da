/**
 * Reads one message's DATA into memory within three limits: the message size, the size of
 * its header section (RFC 5322 §2.1: header fields, then an empty line), and the global
 * memory budget. Past any of them the rest is read and dropped (the client is still sending),
 * and the outcome says which limit it was, so the reply can say so.
 */
import type { Readable } from 'node:stream';
import type { MemoryBudget } from './memory-budget.js';

/** Why a message was not kept: which limit it crossed, or the client left mid-message. */
export type Refusal = 'too-large' | 'header-too-large' | 'no-memory' | 'aborted';

export type Collected = { outcome: 'complete'; raw: Buffer } | { outcome: Refusal };

export interface CollectLimits {
  maxMessageBytes: number;
  maxHeaderBytes: number;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const LF_LF = Buffer.from('\n\n');

/**
 * Watches for the end of the header section across chunk boundaries, without keeping more
 * than the last three bytes of what it has seen. A bare LF line end counts, as mailparser
 * reads it so.
 */
function createHeaderWatch(maxHeaderBytes: number) {
  // A virtual line end before the first byte: a message that starts with an empty line
  // has an empty header section.
  let tail = Buffer.from('\r\n');
  let seen = 0;
  let done = false;
  return {
    /** Feeds a chunk; false once the header section is known to be over the limit. */
    feed(chunk: Buffer): boolean {
      if (done) return true;
      const window = Buffer.concat([tail, chunk]);
      const ends = [window.indexOf(CRLF_CRLF), window.indexOf(LF_LF)].filter((i) => i >= 0);
      if (ends.length > 0) {
        done = true;
        return seen + Math.min(...ends) - tail.length <= maxHeaderBytes;
      }
      seen += chunk.length;
      tail = window.subarray(Math.max(0, window.length - 3));
      return seen <= maxHeaderBytes;
    },
  };
}

export function collectMessage(
  stream: Readable & { sizeExceeded?: boolean },
  limits: CollectLimits,
  budget: MemoryBudget,
): Promise<{ collected: Collected; release: () => void }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const header = createHeaderWatch(limits.maxHeaderBytes);
    let size = 0;
    let reserved = 0;
    let refused: Exclude<Refusal, 'aborted'> | undefined;
    const release = () => {
      budget.release(reserved);
      reserved = 0;
    };
    const refuse = (why: NonNullable<typeof refused>) => {
      refused = why;
      chunks.length = 0;
      release();
    };
    let settled = false;
    const settle = (collected: Collected) => {
      if (settled) return;
      settled = true;
      if (collected.outcome !== 'complete') release();
      resolve({ collected, release });
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) return;
      if (size > limits.maxMessageBytes) return refuse('too-large');
      if (!header.feed(chunk)) return refuse('header-too-large');
      if (!budget.tryReserve(chunk.length)) return refuse('no-memory');
      reserved += chunk.length;
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded && !refused) refuse('too-large');
      if (refused) return settle({ outcome: refused });
      const raw = Buffer.concat(chunks, size);
      chunks.length = 0;
      settle({ outcome: 'complete', raw });
    });
    // The client went away mid-message (smtp-server destroys the stream then).
    stream.on('close', () => settle({ outcome: 'aborted' }));
    stream.on('error', () => settle({ outcome: 'aborted' }));
  });
}
