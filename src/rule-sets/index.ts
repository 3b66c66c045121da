/** Rule sources: the I/O side of rule sets (a directory, an HTTP(S) URL). */
export * from './rule-source-error.js';
export * from './compile-source-data.js';
export * from './load-rule-directory.js';
export * from './fetch-rule-source.js';
