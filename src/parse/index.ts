/** The parse stage's public names. Pure: no I/O. */
export { parseMessage, parseMessageSync } from './parse-message.js';
export { encodeVerpAddress, decodeVerpAddress } from './verp.js';
export type { VerpEncodeInput, VerpDecodeOptions, VerpDecodeResult } from './verp.js';
export { classifyFailure, categoryFromText } from './categories/classify.js';
export { categoryFromStatus } from './categories/status-map.js';
export type { ParsedMessage, RecipientResult, ParseOptions } from './types.js';
