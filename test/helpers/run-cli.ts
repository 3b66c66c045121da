/** Runs one CLI command in-process with captured output, as `rebound <command>` would. */
import { PassThrough } from 'node:stream';
import type { CliCommand } from '../../src/cli/command.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout parsed as JSON, when there is any. */
  json: unknown;
}

export async function runCliCommand(
  command: CliCommand,
  argv: string[],
  env: Record<string, string>,
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  const code = await command.run(argv, {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { LOG_LEVEL: 'silent', ...env },
  });
  let json: unknown;
  try {
    json = out.trim() ? JSON.parse(out) : undefined;
  } catch {
    json = undefined;
  }
  return { code, out, err, json };
}
