/** A throw-away Debian redis-server on 127.0.0.1, configured as BullMQ's guide asks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages } from './debian-packages.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';
import { Socket } from 'node:net';

export interface RedisInstance {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops and starts a fresh server on the same port: no persistence, so every job is gone. */
  restart(): Promise<void>;
}

/** Starts redis-server; pass `port` to come back on the port of a stopped instance. */
export async function startRedis(options: { port?: number } = {}): Promise<RedisInstance> {
  ensureDebianPackages([{ binary: '/usr/bin/redis-server', pkg: 'redis-server' }]);
  const dir = mkdtempSync(join(tmpdir(), 'rebound-redis-'));
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
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
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  await waitFor(() => canConnect(port), {
    timeoutMs: 10_000,
    what: `redis-server on port ${port}`,
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const instance: RedisInstance = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await instance.stop();
      const next = await startRedis({ port });
      instance.stop = next.stop;
      instance.restart = next.restart;
    },
  };
  return instance;
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
