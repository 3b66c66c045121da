// Throw-away PostgreSQL 15 and Redis servers for benchmarks, on 127.0.0.1 only (plain JS: the
// benchmarks run the compiled code with node, which cannot import the TS test helpers).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster as the postgres user (the server refuses root); returns its admin URL. */
export async function startPostgres({ sharedBuffers = '256MB' } = {}) {
  if (!existsSync(`${PG_BIN}/initdb`))
    throw new Error('postgresql-15 is not installed (apt-get install -y postgresql-15)');
  const asRoot = process.getuid?.() === 0;
  const run = (args) => {
    const [command, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args;
    const result = spawnSync(command, rest, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  };
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'rebound-bench-pg-'));
  chmodSync(root, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const dataDir = join(root, 'data');
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
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=${sharedBuffers}`;
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
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run([`${PG_BIN}/pg_ctl`, '-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

export async function startRedis() {
  if (!existsSync('/usr/bin/redis-server'))
    throw new Error('redis-server is not installed (apt-get install -y redis-server)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-redis-'));
  const child = spawn(
    '/usr/bin/redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i += 1) {
    const up = await new Promise((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
