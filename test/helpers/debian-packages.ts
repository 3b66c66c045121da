/**
 * Tests run against real servers from Debian's packages. When one is missing and we are root,
 * install it with apt-get (CI starts from a fresh machine); otherwise fail saying what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let aptUpdated = false;

/** Ensures each binary path exists, installing its Debian package when root. */
export function ensureDebianPackages(required: Array<{ binary: string; pkg: string }>): void {
  const missing = required.filter((item) => !existsSync(item.binary));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((item) => item.pkg))];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing ${missing.map((m) => m.binary).join(', ')}: install the Debian package(s) ${pkgs.join(' ')} ` +
        `(sudo apt-get install -y ${pkgs.join(' ')}) or run the tests as root to have them installed`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  // policy-rc.d keeps the packages' own system services from starting: tests run their own.
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], {
    stdio: 'inherit',
    env,
  });
  if (install.status !== 0)
    throw new Error(`apt-get install ${pkgs.join(' ')} failed (exit ${install.status})`);
  const still = missing.filter((item) => !existsSync(item.binary));
  if (still.length > 0)
    throw new Error(`still missing after install: ${still.map((m) => m.binary).join(', ')}`);
}
