/**
 * The image and compose file, checked without a Docker engine: Debian's docker-compose validates
 * and renders the compose file, and the Dockerfile's shape is read for what production needs
 * (multi-stage, production dependencies only, non-root, tini as PID 1, a health check, and
 * every file the runtime reads copied in).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../helpers/debian-packages.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE = '/usr/bin/docker-compose';

interface Stage {
  from: string;
  name?: string;
  instructions: Array<{ op: string; args: string }>;
}

/** Splits a Dockerfile into stages of (instruction, arguments), continuation lines joined. */
function readDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const [from = '', as, name] = rest;
      stages.push({
        from,
        ...(as?.toUpperCase() === 'AS' && name ? { name } : {}),
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

function compose(args: string[], env: Record<string, string> = {}) {
  return spawnSync(
    COMPOSE,
    ['--project-directory', REPO, '-f', join(REPO, 'docker-compose.yml'), ...args],
    {
      encoding: 'utf8',
      // Only PATH: a secret set in the developer's shell must not make the "no .env" case pass.
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    },
  );
}

describe('Dockerfile', () => {
  const stages = readDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1)!;
  const has = (stage: Stage, op: string, pattern: RegExp) =>
    stage.instructions.some((i) => i.op === op && pattern.test(i.args));

  it('builds in one stage and runs from a second', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0]!;
    expect(has(build, 'RUN', /npm ci/)).toBe(true);
    expect(has(build, 'RUN', /npm run build/)).toBe(true);
    expect(has(build, 'RUN', /npm prune --omit=dev|npm ci .*--omit=dev/)).toBe(true);
    // The runtime never installs dev dependencies nor builds.
    expect(has(runtime, 'RUN', /npm (ci|install)(?!.*--omit=dev)/)).toBe(false);
    expect(has(runtime, 'COPY', new RegExp(`--from=${build.name ?? 0}\\b.*node_modules`))).toBe(
      true,
    );
  });

  it('runs node as an unprivileged user under an init that forwards signals', () => {
    const users = runtime.instructions.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const entrypoint = runtime.instructions.find((i) => i.op === 'ENTRYPOINT')?.args ?? '';
    expect(entrypoint).toMatch(/tini/);
    const cmd = runtime.instructions.find((i) => i.op === 'CMD')?.args ?? '';
    expect(JSON.parse(cmd)[0]).toBe('node');
    expect(has(runtime, 'HEALTHCHECK', /readyz/)).toBe(true);
  });

  it('copies every file the runtime reads from the checkout, and none is docker-ignored', () => {
    const copies = runtime.instructions
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .map((i) => i.args.split(/\s+/)[0]!);
    // Read at run time relative to dist/: the migrations and the shipped rule sets.
    expect(copies).toEqual(expect.arrayContaining(['src/store/migrations', 'rules']));
    const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const source of [...copies, 'src', 'package.json', 'package-lock.json', 'tsconfig.json']) {
      expect(existsSync(join(REPO, source)), source).toBe(true);
      expect(
        ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
        source,
      ).toBe(false);
    }
  });
});

describe('docker-compose.yml', () => {
  beforeAll(() => ensureDebianPackages([{ binary: COMPOSE, pkg: 'docker-compose' }]));

  const example = () =>
    Object.fromEntries(
      readFileSync(join(REPO, '.env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );

  it('refuses to render until the secrets are set', () => {
    const result = compose(['config', '-q']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set [A-Z_]+ in \.env/);
  });

  it('renders with .env.example: image built here, restart policies, health checks with start_period', () => {
    const result = compose(['config'], example());
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.status).toBe(0);
    const rendered = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        ['-c', 'import sys, yaml, json; print(json.dumps(yaml.safe_load(sys.stdin)))'],
        { input: result.stdout, encoding: 'utf8' },
      ),
    ) as { services: Record<string, Record<string, any>> };
    const services = rendered.services;
    expect(Object.keys(services).sort()).toEqual(['postgres', 'rebound', 'redis', 'worker']);
    for (const [name, service] of Object.entries(services)) {
      expect(service['restart'], name).toBe('unless-stopped');
      // No service runs the checkout through a bind mount (the first wave's `npm ci` at start).
      for (const volume of service['volumes'] ?? [])
        expect(String(volume), name).not.toMatch(/^\.?\/|:\/app/);
    }
    for (const name of ['postgres', 'redis', 'rebound'])
      expect(services[name]!['healthcheck']?.['start_period'], name).toBeTruthy();
    expect(services['rebound']!['build']).toBeTruthy();
    expect(services['worker']!['image']).toBe(services['rebound']!['image']);
    expect(services['worker']!['command']).toEqual(['node', 'dist/main.js', '--roles', 'worker']);
    const env = services['rebound']!['environment'] as Record<string, string>;
    for (const secret of ['API_TOKEN', 'VERP_SECRET'])
      expect(env[secret], secret).toBe(example()[secret]);
    expect(env['DATABASE_URL']).toContain(example()['POSTGRES_PASSWORD']);
    // The worker shares every variable and adds its own /metrics listener.
    const workerEnv = services['worker']!['environment'] as Record<string, string>;
    expect(workerEnv['DATABASE_URL']).toBe(env['DATABASE_URL']);
    expect(workerEnv['API_TOKEN']).toBe(env['API_TOKEN']);
    expect(workerEnv['METRICS_PORT']).toBe('9464');
  });
});
