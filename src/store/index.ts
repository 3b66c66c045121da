export * from './database.js';
export * from './spool-repository.js';
export * from './address-repository.js';
export * from './event-repository.js';
export * from './qualification-repository.js';
export * as schema from './schema.js';
