/**
 * The service as a child process (`src/main.ts --roles …` through tsx: no build needed), its
 * JSON log lines kept, so a test can kill -9 it or watch it survive an outage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  lines: Array<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  started(): Promise<void>;
  count(event: string): number;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/** `compiled`: run dist/main.js (after `npm run build`, as the benchmarks do) instead of src/. */
export function startServiceProcess(
  roles: string,
  env: Record<string, string>,
  options: { compiled?: boolean } = {},
): ServiceProcess {
  const entry = options.compiled
    ? [join(root, 'dist/main.js')]
    : ['--import', 'tsx', join(root, 'src/main.ts')];
  const child = spawn(process.execPath, [...entry, '--roles', roles], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        lines.push({ event: 'non-json', text: part });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => lines.push({ event: 'stderr', text: String(chunk) }));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const count = (event: string) => lines.filter((line) => line.event === event).length;
  return {
    child,
    lines,
    exited,
    count,
    async started() {
      await waitFor(
        () => {
          if (child.exitCode !== null)
            throw new Error(`${roles} exited: ${JSON.stringify(lines.slice(-5))}`);
          return count('service.started') > 0;
        },
        { timeoutMs: 60_000, what: `the ${roles} process to start` },
      );
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
