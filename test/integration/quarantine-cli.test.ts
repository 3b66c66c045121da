import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { cleanupCommand } from '../../src/cli/commands/cleanup.js';
import { releaseCommand } from '../../src/cli/commands/release.js';
import type { CliCommand } from '../../src/cli/command.js';
import { runCliCommand } from '../helpers/run-cli.js';

const runCli = async (command: CliCommand, argv: string[], env: Record<string, string>) =>
  (await runCliCommand(command, argv, env)) as {
    code: number;
    out: string;
    err: string;
    json: any;
  };

const NOW = '2024-06-01T00:00:00.000Z';
const daysBefore = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

for (const shape of ['embedded', 'redis'] as const) {
  describe(`rebound cleanup and release (${shape} shape)`, () => {
    const storage: { dataDir?: string; databaseUrl?: string } = {};
    let cliEnv: Record<string, string>;
    let service: TestService | undefined;
    const start = async () => {
      service = await startTestService({ shape, ...storage });
      return service;
    };
    // The embedded database allows one process: the CLI runs while the service is stopped.
    const stop = async () => {
      await service?.stop();
      service = undefined;
    };
    const entry = async (address: string) => {
      const s = service ?? (await start());
      const response = await fetch(`${s.baseUrl}/api/addresses/${encodeURIComponent(address)}`);
      return (await response.json()) as Record<string, unknown>;
    };

    beforeAll(async () => {
      if (shape === 'embedded') {
        storage.dataDir = mkdtempSync(join(tmpdir(), 'rebound-cli-'));
        cliEnv = { DATA_DIR: storage.dataDir };
      } else {
        storage.databaseUrl = await createDatabase(
          inject('postgresAdminUrl'),
          `rebound_cli_${randomBytes(4).toString('hex')}`,
        );
        cliEnv = { DATABASE_URL: storage.databaseUrl, REDIS_URL: inject('redisUrl') };
      }
      const s = await start();
      const soft = (id: string, address: string, ago: number, reason = 'unreachable') => ({
        id,
        address,
        kind: 'failed',
        at: daysBefore(ago),
        type: 'soft',
        reason,
        text: `soft ${reason}`,
      });
      const events = [
        soft('a', 'aged@example.com', 15),
        { ...soft('b', 'delivered@example.com', 5) },
        { id: 'b2', address: 'delivered@example.com', kind: 'delivered', at: daysBefore(4) },
        soft('c', 'recent@example.com', 2),
        ...[80, 70, 60, 50, 40].map((ago, i) =>
          soft(`m${i}`, 'full@example.com', ago, 'mailbox_full'),
        ),
        ...[80, 70, 60, 50, 40, 5].map((ago, i) =>
          soft(`n${i}`, 'still.full@example.com', ago, 'mailbox_full'),
        ),
        {
          id: 'h',
          address: 'gone@example.com',
          kind: 'failed',
          at: daysBefore(40),
          type: 'hard',
          reason: 'user_unknown',
          text: '550 5.1.1 gone',
        },
      ];
      const response = await fetch(`${s.baseUrl}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      expect(response.status).toBe(200);
      // The delivery itself already returned delivered@ to Valid (the policy); the cleanup
      // finds the other With errors and Mailbox-full entries.
      expect((await entry('aged@example.com')).status).toBe('with_errors');
      expect((await entry('full@example.com')).status).toBe('quarantine');
      await stop();
    });
    afterAll(async () => {
      await stop();
      if (storage.dataDir) rmSync(storage.dataDir, { recursive: true, force: true });
    });

    it('counts without changing anything on --dry-run, then releases as of --now', async () => {
      const dry = await runCli(cleanupCommand, ['--now', NOW, '--dry-run'], cliEnv);
      expect(dry.code, dry.err).toBe(0);
      expect(dry.json).toMatchObject({
        dryRun: true,
        examined: 4,
        withErrorsAged: 1,
        mailboxFullReleased: 1,
        released: 2,
      });
      const real = await runCli(cleanupCommand, ['--now', NOW, '--batch-size', '1'], cliEnv);
      expect(real.code, real.err).toBe(0);
      expect(real.json).toMatchObject({ dryRun: false, examined: 4, released: 2, now: NOW });
      const again = await runCli(cleanupCommand, ['--now', NOW], cliEnv);
      expect(again.json).toMatchObject({ examined: 2, released: 0 });

      expect(await entry('aged@example.com')).toMatchObject({
        status: 'valid',
        errorCount: 0,
        statusSince: NOW,
      });
      expect(await entry('full@example.com')).toMatchObject({ status: 'valid', statusSince: NOW });
      expect((await entry('still.full@example.com')).status).toBe('quarantine');
      expect((await entry('recent@example.com')).status).toBe('with_errors');
      expect((await entry('gone@example.com')).status).toBe('quarantine');
      const history = await fetch(`${service!.baseUrl}/api/addresses/full%40example.com/history`);
      const body = (await history.json()) as {
        history: Array<{ cause: string }>;
        events: Array<{ kind: string }>;
      };
      expect(body.history.at(-1)?.cause).toBe('cleanup_mailbox_full');
      expect(body.events.at(-1)?.kind).toBe('cleanup');
    });

    it('keeps a cleanup through a replay caused by an older event', async () => {
      const s = service ?? (await start());
      await fetch(`${s.baseUrl}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          events: [
            { id: 'old-1', address: 'full@example.com', kind: 'delivered', at: daysBefore(90) },
          ],
        }),
      });
      expect((await entry('full@example.com')).status).toBe('valid');
      await stop();
    });

    it('releases by query from the command line, dry run first', async () => {
      const usage = await runCli(releaseCommand, ['--dry-run'], cliEnv);
      expect(usage.code).toBe(2);
      const args = [
        '--text-contains',
        '5.1.1',
        '--domain',
        'example.com',
        '--status',
        'quarantine',
      ];
      const dry = await runCli(releaseCommand, [...args, '--dry-run'], cliEnv);
      expect(dry.code, dry.err).toBe(0);
      expect(dry.json).toMatchObject({
        dryRun: true,
        matched: 1,
        sample: [{ address: 'gone@example.com' }],
      });
      const real = await runCli(releaseCommand, [...args, '--actor', 'ops'], cliEnv);
      expect(real.json).toEqual({ dryRun: false, released: 1 });
      expect((await entry('gone@example.com')).status).toBe('valid');
      expect((await entry('still.full@example.com')).status).toBe('quarantine');
    });
  });
}
