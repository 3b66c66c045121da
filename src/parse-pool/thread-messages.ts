/** What the pool and its threads say to each other. */
import type { ParsedMessage, ParseOptions } from '../parse/types.js';

export interface ThreadRequest {
  id: number;
  raw: Uint8Array;
  options: ParseOptions;
}

/** `ready` once the thread has loaded the parser; then one reply per request. */
export type ThreadReply = { ready: true } | { id: number; parsed: ParsedMessage };
