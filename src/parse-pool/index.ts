/** Parsing off the event loop, under a time budget. */
export { createParsePool, BUDGET_EXCEEDED } from './parse-pool.js';
export type { ParsePool, ParsePoolOptions } from './parse-pool.js';
