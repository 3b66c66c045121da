export * from './process-message.js';
export * from './plan-recipient-effects.js';
