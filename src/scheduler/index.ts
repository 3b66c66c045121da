export * from './nightly-task.js';
export * from './start-scheduler.js';
export * from './cron.js';
