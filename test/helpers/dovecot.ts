/**
 * Debian's Dovecot 2.3 as a throw-away IMAP server for integration tests: one passwd-file
 * user with a plaintext password, a maildir in a temp dir, cleartext IMAP on 127.0.0.1 at a
 * free port, run in the foreground (`dovecot -F -c CONFIG`) so the test owns the process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages } from './debian-packages.js';
import { freePort } from './free-port.js';

export interface DovecotServer {
  port: number;
  user: string;
  password: string;
  /** Root of the temp dir: config, logs, maildirs. */
  dir: string;
  logPath: string;
  /** `imap://user:pass@127.0.0.1:port/INBOX?tls=none` plus `extra` query options. */
  url(extra?: string): string;
  /** Drops a message into the maildir as a local delivery agent would (tmp/ → new/). */
  deliver(raw: string | Buffer, folder?: string): void;
  /** Messages in a folder (`INBOX` or e.g. `Processed`), read from the maildir. */
  count(folder?: string): number;
  /** Raw message files of a folder, for asserting on flags (`:2,S` means \Seen). */
  files(folder?: string): string[];
  /** Deletes every message of a folder behind the server's back, as a person's client would. */
  clear(folder?: string): void;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same mail. */
  start(): Promise<void>;
}

let deliveries = 0;

export async function startDovecot(
  options: { user?: string; password?: string } = {},
): Promise<DovecotServer> {
  ensureDebianPackages([{ binary: '/usr/sbin/dovecot', pkg: 'dovecot-imapd' }]);
  const user = options.user ?? 'bounces';
  const password = options.password ?? 'secret-' + randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'rebound-dovecot-'));
  // The mail processes run as an unprivileged uid and must reach the maildir.
  chmodSync(dir, 0o755);
  const root = process.getuid?.() === 0;
  const mailUid = root ? 65534 : (process.getuid?.() ?? 0);
  const mailGid = root ? 65534 : (process.getgid?.() ?? 0);
  const home = join(dir, 'mail', user);
  mkdirSync(home, { recursive: true });
  if (root) {
    chownSync(join(dir, 'mail'), mailUid, mailGid);
    chownSync(home, mailUid, mailGid);
  }
  const port = await freePort();
  const logPath = join(dir, 'dovecot.log');
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const configPath = join(dir, 'dovecot.conf');
  writeFileSync(configPath, dovecotConfig({ dir, port, logPath, mailUid, mailGid, root }));

  let child: ChildProcess | undefined;
  const start = async () => {
    // Its own process group: stopping the master leaves the imap processes serving their
    // clients, so a "server restart" must signal the whole group to drop every connection.
    const proc = spawn('/usr/sbin/dovecot', ['-F', '-c', configPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = proc;
    try {
      await waitForGreeting(port, proc, 10_000);
    } catch (error) {
      signalGroup(proc, 'SIGKILL');
      const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-2000) : '';
      throw new Error(`dovecot did not start: ${(error as Error).message}\n${stderr}\n${log}`);
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    signalGroup(proc, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    signalGroup(proc, 'SIGKILL');
  };
  const folderDir = (folder = 'INBOX') => (folder === 'INBOX' ? home : join(home, `.${folder}`));
  const files = (folder?: string) =>
    ['new', 'cur'].flatMap((sub) => {
      const path = join(folderDir(folder), sub);
      return existsSync(path) ? readdirSync(path) : [];
    });

  await start();
  return {
    port,
    user,
    password,
    dir,
    logPath,
    url: (extra = '') =>
      `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/INBOX?tls=none${extra ? `&${extra}` : ''}`,
    deliver(raw, folder) {
      const base = folderDir(folder);
      for (const sub of ['tmp', 'new', 'cur']) {
        mkdirSync(join(base, sub), { recursive: true });
        if (root) chownSync(join(base, sub), mailUid, mailGid);
      }
      const name = `${Date.now()}.P${process.pid}Q${++deliveries}.rebound-test`;
      writeFileSync(join(base, 'tmp', name), raw);
      if (root) chownSync(join(base, 'tmp', name), mailUid, mailGid);
      renameSync(join(base, 'tmp', name), join(base, 'new', name));
    },
    count: (folder) => files(folder).length,
    files,
    clear(folder) {
      for (const sub of ['new', 'cur']) {
        const path = join(folderDir(folder), sub);
        if (existsSync(path)) for (const name of readdirSync(path)) rmSync(join(path, name));
      }
    },
    stop: async () => {
      await stop();
    },
    start,
  };
}

/** Stops the server and removes its temp dir. */
export async function destroyDovecot(server: DovecotServer | undefined): Promise<void> {
  if (!server) return;
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}

function dovecotConfig(o: {
  dir: string;
  port: number;
  logPath: string;
  mailUid: number;
  mailGid: number;
  root: boolean;
}): string {
  const self = userInfo().username;
  return `# generated by test/helpers/dovecot.ts
base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
instance_name = rebound-test-${o.port}
log_path = ${o.logPath}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${o.dir}/mail/%u
mail_fsync = never
first_valid_uid = 1
first_valid_gid = 1
${o.root ? '' : `default_login_user = ${self}\ndefault_internal_user = ${self}\n`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.dir}/passwd
}
userdb {
  driver = static
  args = uid=${o.mailUid} gid=${o.mailGid} home=${o.dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
}

function signalGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (proc.pid) process.kill(-proc.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function waitForGreeting(port: number, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`dovecot exited with code ${proc.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no IMAP greeting on 127.0.0.1:${port} within ${timeoutMs} ms`);
}
