export * from './process-batch.js';
export * from './plan-recipient-effects.js';
