import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rulesCommand } from '../../../src/cli/commands/rules.js';
import { normalizeErrorText } from '../../../src/qualify/index.js';
import { runCliCommand } from '../../helpers/run-cli.js';

const shippedDir = fileURLToPath(new URL('../../../rules', import.meta.url));
const blocklisted =
  'smtp; 554 5.7.1 <mx7.sender.example.net[198.51.100.7]>: Client host rejected: blocked using zen.blocklist.example';

// The default (rules in force, from the database) is tested in test/integration/rules-sync.test.ts.
// A set of our own, so the expected rule and version do not follow the shipped files' edits.
const ownDir = mkdtempSync(join(tmpdir(), 'rebound-rules-test-'));
writeFileSync(
  join(ownDir, 'email.json'),
  JSON.stringify({
    name: 'email',
    channel: 'email',
    version: '9.8.7',
    rules: [
      {
        id: 'own.mailbox.gone',
        priority: 50,
        match: { textRegex: 'mailbox (?:is )?gone', status: ['5.1'] },
        type: 'hard',
        reason: 'user_unknown',
        examples: [
          {
            input: { text: '550 5.1.1 mailbox gone', status: '5.1.1' },
            expect: { type: 'hard', reason: 'user_unknown' },
          },
        ],
      },
    ],
  }),
);
afterAll(() => rmSync(ownDir, { recursive: true, force: true }));

const cli = (argv: string[]) => runCliCommand(rulesCommand, ['test', ...argv], {});

describe('rebound rules test', () => {
  it('prints the normalized text and the rule, set and version that qualify it', async () => {
    const run = await cli([
      '550 5.1.1 <bob@example.org>: Mailbox is gone (id 4711)',
      '--status',
      '5.1.1',
      '--source',
      ownDir,
    ]);
    expect(run.code).toBe(0);
    const normalized = normalizeErrorText('550 5.1.1 <bob@example.org>: Mailbox is gone (id 4711)');
    expect(normalized).toContain('#xxx#');
    expect(run.out).toContain(`normalized: ${normalized}`);
    expect(run.out).toMatch(/rule: +own\.mailbox\.gone \(rule set email, version 9\.8\.7\)/);
    expect(run.out).toMatch(/verdict: +hard \/ user_unknown/);
  });

  it('uses the other facts: without the status the rule does not apply', async () => {
    const run = await cli(['550 mailbox gone', '--source', ownDir, '--json']);
    expect(run.code).toBe(0);
    expect(run.json).toEqual({
      normalizedText: normalizeErrorText('550 mailbox gone'),
      channel: 'email',
      rule: null,
      verdict: { type: 'soft', reason: 'not_defined', toQualify: true, ruleSetVersion: '9.8.7' },
    });
  });

  it('says so when no rule qualifies the text', async () => {
    const run = await cli(['something nobody wrote a rule for', '--source', ownDir]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/rule: +none/);
    expect(run.out).toMatch(/soft \/ not_defined, To qualify/);
  });

  it('prints JSON with --json, here against the shipped rule sets', async () => {
    const run = await cli(['--json', '--source', shippedDir, blocklisted, '--category', 'blocked']);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({
      normalizedText: normalizeErrorText(blocklisted),
      rule: {
        id: 'email.sender.blocklist',
        ruleSet: 'email',
        type: 'ignored',
        reason: 'refused',
        provisional: false,
      },
      verdict: { type: 'ignored', reason: 'refused', toQualify: false },
    });
    expect((run.json as { rule: { ruleSetVersion: string } }).rule.ruleSetVersion).toMatch(/^\d/);
  });

  it('explains itself with --help and refuses a call without a text', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('test "<text>"');
    expect(help.out).toContain('--json');
    const bare = await cli(['--source', ownDir]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('needs the error text');
    const wrong = await cli(['x', '--channel', 'fax', '--source', ownDir]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--channel must be one of email, sms, push');
  });
});
