/**
 * A self-signed certificate made for the test with the openssl CLI (P-256, one day), written
 * as PEM files where the test says; the common name tells one certificate from another.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ensureDebianPackages } from './debian-packages.js';

export interface CertFiles {
  certPath: string;
  keyPath: string;
  /** SHA-256 fingerprint as Node prints it (AA:BB:…). */
  fingerprint256: string;
}

/** Makes a certificate for `commonName`; writes it atomically (rename) over the given paths. */
export function writeSelfSignedCert(
  commonName: string,
  certPath: string,
  keyPath: string,
): CertFiles {
  ensureDebianPackages([{ binary: '/usr/bin/openssl', pkg: 'openssl' }]);
  const scratch = mkdtempSync(join(tmpdir(), 'rebound-cert-'));
  try {
    const [cert, key] = [join(scratch, 'cert.pem'), join(scratch, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const fingerprint256 = new X509Certificate(readFileSync(cert)).fingerprint256;
    renameSync(key, keyPath);
    renameSync(cert, certPath);
    return { certPath, keyPath, fingerprint256 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
