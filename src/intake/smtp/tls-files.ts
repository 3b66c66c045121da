/**
 * The listener's certificate and key (SMTP_TLS_CERT / SMTP_TLS_KEY, PEM files). Read and
 * checked at start, and again whenever either file changes or the process gets SIGHUP, so a
 * renewed certificate is served without a restart. A pair that does not load (half-written,
 * key and certificate not matching) leaves the current one in place.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { AppError, describeError } from '../../errors.js';

export interface TlsFiles {
  certPath: string;
  keyPath: string;
}

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

/** Reads both files and checks that they make a TLS context; throws INTAKE_TLS_INVALID. */
export function loadTlsPair(files: TlsFiles): TlsPair {
  let pair: TlsPair;
  try {
    pair = { cert: readFileSync(files.certPath), key: readFileSync(files.keyPath) };
  } catch (error) {
    throw new AppError('INTAKE_TLS_INVALID', `cannot read the TLS files: ${describeError(error)}`);
  }
  try {
    createSecureContext(pair);
  } catch (error) {
    throw new AppError(
      'INTAKE_TLS_INVALID',
      `SMTP_TLS_CERT / SMTP_TLS_KEY do not make a TLS context: ${describeError(error)}`,
    );
  }
  return pair;
}

/**
 * Calls `onChange` when either file changes. Polls (fs.watchFile) rather than fs.watch: a
 * renewal usually swaps the file or a symlink to it, which an inode watch would miss.
 */
export function watchTlsFiles(files: TlsFiles, intervalMs: number, onChange: () => void) {
  type Stat = { mtimeMs: number; ino: number };
  const listener = (current: Stat, previous: Stat) => {
    if (current.mtimeMs !== previous.mtimeMs || current.ino !== previous.ino) onChange();
  };
  for (const path of [files.certPath, files.keyPath])
    watchFile(path, { interval: intervalMs, persistent: false }, listener);
  return () => {
    for (const path of [files.certPath, files.keyPath]) unwatchFile(path, listener);
  };
}
