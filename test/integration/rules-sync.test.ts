import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { rulesCommand } from '../../src/cli/commands/rules.js';
import { runCliCommand } from '../helpers/run-cli.js';

const RULES_DIR = new URL('../../rules', import.meta.url).pathname;

const cli = (argv: string[], env: Record<string, string>) => runCliCommand(rulesCommand, argv, env);

/** A local rules server: answers 304 to the ETag it last served. */
function startRulesServer(): Promise<{
  server: Server;
  url: string;
  set(body: string, etag: string): void;
  seen: string[];
}> {
  let body = '';
  let etag = '';
  const seen: string[] = [];
  const server = createServer((request, response) => {
    const ifNoneMatch = String(request.headers['if-none-match'] ?? '');
    seen.push(ifNoneMatch);
    if (ifNoneMatch && ifNoneMatch === etag) return response.writeHead(304, { etag }).end();
    response.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({
        server,
        url: `http://127.0.0.1:${address.port}/rules.json`,
        set: (b, e) => ((body = b), (etag = e)),
        seen,
      });
    }),
  );
}

for (const shape of ['embedded', 'redis'] as const) {
  describe(`rebound rules sync (${shape} shape)`, () => {
    const storage: { dataDir?: string; databaseUrl?: string } = {};
    let env: Record<string, string>;
    let srcDir: string;
    let rulesServer: Awaited<ReturnType<typeof startRulesServer>>;
    const list = async () =>
      (await cli(['list', '--rule-set', 'email'], env)).out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
    const sync = async (...args: string[]) => {
      const run = await cli(['sync', ...args], env);
      expect(run.code, run.err).toBe(0);
      return JSON.parse(run.out);
    };
    const emailSet = () => JSON.parse(readFileSync(join(srcDir, 'email.json'), 'utf8'));

    beforeAll(async () => {
      srcDir = mkdtempSync(join(tmpdir(), 'rebound-rules-'));
      cpSync(RULES_DIR, srcDir, { recursive: true });
      if (shape === 'embedded') {
        storage.dataDir = mkdtempSync(join(tmpdir(), 'rebound-sync-'));
        env = { DATA_DIR: storage.dataDir, RULES_DIR: srcDir };
      } else {
        storage.databaseUrl = await createDatabase(
          inject('postgresAdminUrl'),
          `rebound_sync_${randomBytes(4).toString('hex')}`,
        );
        env = {
          DATABASE_URL: storage.databaseUrl,
          REDIS_URL: inject('redisUrl'),
          RULES_DIR: srcDir,
        };
      }
      rulesServer = await startRulesServer();
      // The service syncs RULES_DIR at start; staff then edit one shipped rule.
      const service: TestService = await startTestService({
        shape,
        ...storage,
        env: { ROLES: 'api', RULES_DIR: srcDir },
      });
      try {
        const rule = (await (
          await fetch(`${service.baseUrl}/api/rules/email.sender.blocklist`)
        ).json()) as Record<string, unknown>;
        const put = await fetch(`${service.baseUrl}/api/rules/email.sender.blocklist`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-actor': 'erin' },
          body: JSON.stringify({ ...rule, description: 'staff wording' }),
        });
        expect(put.status).toBe(200);
      } finally {
        // The embedded database allows one process: the CLI runs while the service is stopped.
        await service.stop();
      }
    });
    afterAll(async () => {
      rulesServer?.server.close();
      rmSync(srcDir, { recursive: true, force: true });
      if (storage.dataDir) rmSync(storage.dataDir, { recursive: true, force: true });
    });

    it('a second sync of the same source changes nothing and reports the staff-edited rule', async () => {
      const report = await sync('--source', srcDir);
      expect(report.changed).toBe(false);
      const email = report.sets.find((set: any) => set.ruleSet === 'email');
      expect(email).toMatchObject({
        changed: false,
        added: [],
        updated: [],
        retired: [],
        promoted: [],
      });
      expect(email.conflicts).toEqual([{ id: 'email.sender.blocklist', why: 'staff-edited' }]);
      expect(email.unchanged).toBe(emailSet().rules.length - 1);
    });

    it('--dry-run reports added, updated, retired and conflicts, and changes nothing', async () => {
      const set = emailSet();
      const [retired] = set.rules.splice(
        set.rules.findIndex((r: any) => r.id === 'email.sender.size'),
        1,
      );
      expect(retired).toBeDefined();
      set.version = '2025.1.1';
      for (const rule of set.rules) {
        if (rule.id === 'email.sender.blocklist') rule.priority = 299;
        if (rule.id === 'email.text.network') rule.description = 'Network failures (reworded).';
      }
      set.rules.push({
        id: 'email.text.gizmotron',
        priority: 250,
        match: { textContains: ['gizmotron'] },
        type: 'hard',
        reason: 'user_unknown',
        examples: [
          {
            input: { text: '550 gizmotron refused' },
            expect: { type: 'hard', reason: 'user_unknown' },
          },
        ],
      });
      writeFileSync(join(srcDir, 'email.json'), JSON.stringify(set, null, 2));
      const before = await list();
      const report = await sync('--source', srcDir, '--dry-run');
      expect(report).toMatchObject({ dryRun: true, changed: true });
      const email = report.sets.find((s: any) => s.ruleSet === 'email');
      expect(email).toMatchObject({
        version: '2025.1.1',
        previousVersion: '2025.1.0',
        added: ['email.text.gizmotron'],
        updated: ['email.text.network'],
        retired: ['email.sender.size'],
        conflicts: [{ id: 'email.sender.blocklist', why: 'staff-edited' }],
      });
      expect(await list()).toEqual(before);
    });

    it('applies the new version without overwriting the staff edit, then is idempotent', async () => {
      const report = await sync('--source', srcDir);
      expect(report.changed).toBe(true);
      expect(report.summary).toMatchObject({ added: 1, updated: 1, retired: 1, conflicts: 1 });
      const rules = await list();
      const ids = rules.map((r) => r.id);
      expect(ids).toContain('email.text.gizmotron');
      expect(ids).not.toContain('email.sender.size');
      expect(rules.find((r) => r.id === 'email.sender.blocklist')).toMatchObject({
        priority: 300,
        editedByStaff: true,
        updatedBy: 'erin',
      });
      const again = await sync('--source', srcDir);
      expect(again.changed).toBe(false);
      expect(again.sets.every((s: any) => !s.changed)).toBe(true);
    });

    it('a broken source changes nothing', async () => {
      const broken = emailSet();
      broken.version = '2025.9.9';
      broken.rules[0].reason = 'bored';
      rulesServer.set(JSON.stringify({ ruleSets: [broken] }), '"broken"');
      const before = await list();
      const run = await cli(['sync', '--source', rulesServer.url], env);
      expect(run.code).toBe(1);
      expect(run.err).toContain('RULES_SOURCE_INVALID');
      expect(run.err).toContain(`rule "${broken.rules[0].id}" reason`);
      expect(await list()).toEqual(before);
      rulesServer.set('{ not json', '"garbled"');
      expect((await cli(['sync', '--source', rulesServer.url], env)).code).toBe(1);
      expect(await list()).toEqual(before);
    });

    it('syncs from a URL and remembers its ETag', async () => {
      const set = emailSet();
      set.version = '2025.2.0';
      set.rules = set.rules.filter((r: any) => r.id !== 'email.text.gizmotron');
      rulesServer.set(JSON.stringify({ ruleSets: [set] }), '"v2"');
      const first = await sync('--source', rulesServer.url);
      expect(first).toMatchObject({ changed: true, notModified: false });
      expect(first.sets[0]).toMatchObject({
        version: '2025.2.0',
        retired: ['email.text.gizmotron'],
      });
      const second = await sync('--source', rulesServer.url);
      expect(second).toMatchObject({ changed: false, notModified: true });
      expect(rulesServer.seen[rulesServer.seen.length - 1]).toBe('"v2"');
    });

    it("checks a rules directory with every rule's examples", async () => {
      const good = await cli(['check', srcDir], env);
      expect(good.code, good.err).toBe(0);
      expect(JSON.parse(good.out)).toMatchObject({ ok: true });
      const set = emailSet();
      const rule = set.rules.find((r: any) => r.id === 'email.text.gizmotron');
      rule.examples[0].expect.type = 'soft';
      writeFileSync(join(srcDir, 'email.json'), JSON.stringify(set));
      const bad = await cli(['check', srcDir], env);
      expect(bad.err).toBe('');
      expect(bad.code).toBe(1);
      expect(
        JSON.parse(bad.out).sets.find((s: any) => s.name === 'email').failures[0],
      ).toMatchObject({ ruleId: 'email.text.gizmotron' });
    });

    it('tests a text against the rules in force: the staff-edited rule, from the staff set', async () => {
      const text = 'smtp; 554 5.7.1 Client host rejected: blocked using zen.blocklist.example';
      const run = await cli(['test', text, '--json'], env);
      expect(run.code, run.err).toBe(0);
      expect(run.json).toMatchObject({
        rule: {
          id: 'email.sender.blocklist',
          ruleSet: 'email',
          type: 'ignored',
          reason: 'refused',
        },
      });
      // The staff edit moved the rule into the staff set, whose version names the edit.
      expect((run.json as any).rule.ruleSetVersion).toMatch(/\+staff\.\d{8}T\d{6}Z$/);
    });
  });
}
