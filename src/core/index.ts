export * from './vocabulary.js';
export * from './address.js';
