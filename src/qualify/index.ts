/** Qualification: pure functions from an error text and its codes to a verdict. No I/O. */
export * from './types.js';
export * from './normalize-error-text.js';
export * from './rule-schema.js';
export * from './rule-set-error.js';
export * from './regex-engine.js';
export * from './compile-rule-set.js';
export * from './match-rule.js';
export * from './qualifier.js';
export * from './sms-status-report.js';
export * from './push-feedback.js';
export * from './check-rule-examples.js';
export * from './plan-rule-sync.js';
