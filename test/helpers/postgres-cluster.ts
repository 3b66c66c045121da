/**
 * A throw-away PostgreSQL 15 cluster from the machine's binaries, on 127.0.0.1, trust auth,
 * run as the `postgres` system user (the server refuses to run as root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages } from './debian-packages.js';
import { freePort } from './free-port.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** URL of the `postgres` database (superuser). */
  adminUrl: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops (fast: open connections are cut) and starts again on the same port and data. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

function asPostgres(args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
}

function run(args: string[]): void {
  const [command, ...rest] = asPostgres(args);
  const result = spawnSync(command!, rest, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

/** `sharedBuffers`: PostgreSQL's shared_buffers (benchmarks raise it; tests keep the default). */
export async function startPostgresCluster(
  settings: { sharedBuffers?: string } = {},
): Promise<PostgresCluster> {
  ensureDebianPackages([{ binary: `${PG_BIN}/initdb`, pkg: 'postgresql-15' }]);
  const root = mkdtempSync(join(tmpdir(), 'rebound-pg-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  run([
    `${PG_BIN}/initdb`,
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200${settings.sharedBuffers ? ` -c shared_buffers=${settings.sharedBuffers}` : ''}`;
  const cluster: PostgresCluster = {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async start() {
      run([
        `${PG_BIN}/pg_ctl`,
        '-D',
        dataDir,
        '-o',
        options,
        '-l',
        join(root, 'server.log'),
        '-w',
        'start',
      ]);
    },
    async stop() {
      run([`${PG_BIN}/pg_ctl`, '-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    async restart() {
      await cluster.stop();
      await cluster.start();
    },
    async destroy() {
      try {
        await cluster.stop();
      } catch {
        // already stopped
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

/** Creates an empty database on the cluster and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
