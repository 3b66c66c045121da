export * from './message-queue.js';
export * from './bullmq-queue.js';
export * from './in-process-queue.js';
