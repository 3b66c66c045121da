/** Qualification: pure functions from an error text and its codes to a verdict. No I/O. */
export * from './types.js';
export * from './normalize-error-text.js';
