import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs src/main.ts as `npm start` would (through tsx, so no build is needed), collecting logs. */
function startProcess(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stdout.setEncoding('utf8');
  let buffered = '';
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // Generous: tsx compiles the whole service at start, slow on a loaded 2-core box.
  const waitForEvent = async (event: string, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = lines.find((line) => line.event === event);
      if (found) return found;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `no ${event} log line; stderr: ${stderr}; events: ${lines.map((l) => l.event).join(',')}`,
    );
  };
  return { child, lines, exited, waitForEvent, stderr: () => stderr };
}

describe('the service process', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rebound-process-'));
  cpSync(join(inject('embeddedTemplateDir'), 'pglite'), join(dataDir, 'pglite'), {
    recursive: true,
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says it runs on the embedded default, then drains and exits 0 on SIGTERM', async () => {
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    const proc = startProcess({
      DATA_DIR: dataDir,
      SMTP_PORT: String(smtpPort),
      HTTP_PORT: String(httpPort),
      RETURN_PATH_DOMAINS: 'b.example',
      API_TOKEN: 'a-long-enough-test-token',
    });
    const embedded = await proc.waitForEvent('service.embedded');
    expect(String(embedded.msg)).toContain('embedded default');
    const config = (await proc.waitForEvent('service.config')).config as Record<string, unknown>;
    expect(JSON.stringify(config)).not.toContain('a-long-enough-test-token');
    await proc.waitForEvent('service.started');
    const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
    expect(ready.status).toBe(200);
    const unauthorized = await fetch(`http://127.0.0.1:${httpPort}/api/addresses/x@y.example`);
    expect(unauthorized.status).toBe(401);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    const events = proc.lines.map((line) => line.event);
    expect(events.indexOf('service.stopping')).toBeGreaterThan(-1);
    expect(events.indexOf('service.stopped')).toBeGreaterThan(events.indexOf('service.stopping'));
  });

  it('runs only the roles asked for', async () => {
    const httpPort = await freePort();
    const proc = startProcess({ DATA_DIR: dataDir, HTTP_PORT: String(httpPort) }, [
      '--roles',
      'api',
    ]);
    const started = await proc.waitForEvent('service.started');
    expect(started.roles).toEqual(['api']);
    expect(proc.lines.some((line) => line.event === 'intake.smtp.listening')).toBe(false);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('refuses to start with an invalid environment, listing every problem, exit 2', async () => {
    const proc = startProcess({ DATA_DIR: dataDir, SMTP_PORT: 'x', HTTP_HOST: '0.0.0.0' });
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toContain('SMTP_PORT');
    expect(proc.stderr()).toContain('API_TOKEN');
  });
});
