import { mkdtempSync, mkdirSync, copyFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCommand } from '../helpers/run-cli.js';
import { parseCommand } from '../../src/cli/commands/parse.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const root = mkdtempSync(join(tmpdir(), 'rebound-parse-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * store/ a.eml            (a real file)
 * tree/  linked-dir -> ../store   (a linked directory)
 *        linked.eml -> ../store/a.eml
 *        dangling.eml -> ../nowhere.eml
 *        loop -> ..        (a cycle back into the tree being read)
 */
function buildTree(): string {
  mkdirSync(join(root, 'store'));
  copyFileSync(
    join(fixtures, 'mta', 'postfix-3.7-rcpt-550-5.1.1.eml'),
    join(root, 'store', 'a.eml'),
  );
  const tree = join(root, 'tree');
  mkdirSync(tree);
  symlinkSync(join(root, 'store'), join(tree, 'linked-dir'));
  symlinkSync(join(root, 'store', 'a.eml'), join(tree, 'linked.eml'));
  symlinkSync(join(root, 'nowhere.eml'), join(tree, 'dangling.eml'));
  symlinkSync(root, join(tree, 'loop'));
  return tree;
}

describe('rebound parse DIR', () => {
  it('follows linked files and directories, skips dangling links and does not loop', async () => {
    const tree = buildTree();
    const run = await runCliCommand(parseCommand, ['--jsonl', tree], {});
    expect(run.code).toBe(0);
    const lines = run.out
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            file: string;
            kind: string;
            results: { recipient: string; status: string }[];
          },
      );
    const files = lines.map((line) => line.file.slice(tree.length + 1)).sort();
    // loop -> root holds store/ and tree/ again: store/a.eml is read through it once, and the
    // way back into tree/ (a directory being read) is cut.
    expect(files).toEqual(['linked-dir/a.eml', 'linked.eml', 'loop/store/a.eml']);
    for (const line of lines) {
      expect(line.kind).toBe('bounce');
      expect(line.results[0]?.status).toBe('5.1.1');
    }
  });

  it('writes one line per file even when the output is larger than its write buffer', async () => {
    const many = join(root, 'many');
    mkdirSync(many);
    const source = join(fixtures, 'mta', 'postfix-3.7-rcpt-452-4.2.2.eml');
    for (let i = 0; i < 1300; i++)
      copyFileSync(source, join(many, `m${String(i).padStart(4, '0')}.eml`));
    const run = await runCliCommand(parseCommand, [many], {});
    expect(run.code).toBe(0);
    expect(run.out.length).toBeGreaterThan(1 << 20);
    const records = run.out.split(/\n(?=\{)/).map((text) => JSON.parse(text) as { file: string });
    expect(records).toHaveLength(1300);
    expect(records[1299]?.file).toBe(join(many, 'm1299.eml'));
  });
});

describe('rebound parse --explain', () => {
  const file = join(fixtures, 'parse', 'held-out-classes', 'postfix-data-recipient-unknown.eml');

  it('prints the reader, region, phrase row, status source, stage and step of each result', async () => {
    const run = await runCliCommand(parseCommand, ['--explain', file], {});
    expect(run.code).toBe(0);
    expect(run.out).toContain('reader rfc3464');
    expect(run.out).toContain(
      'ana@filtering.example.net  filtered  status 5.7.1 (remote reply code)  stage DATA',
    );
    expect(run.out).toContain(
      'region message/delivery-status part · step 4-6 SMTP stage · phrase userunknown.mailbox-words (normal)',
    );
  });

  it('adds an explanation object to each JSON result with --jsonl', async () => {
    const run = await runCliCommand(parseCommand, ['--explain', '--jsonl', file], {});
    const record = JSON.parse(run.out.trim()) as {
      results: Array<{ explanation?: { step: string; phraseRow?: string; stage?: string } }>;
    };
    expect(record.results[0]?.explanation).toMatchObject({
      step: '4-6 SMTP stage',
      phraseRow: 'userunknown.mailbox-words',
      stage: 'DATA',
    });
  });

  it('leaves the explanation out without --explain', async () => {
    const run = await runCliCommand(parseCommand, ['--jsonl', file], {});
    expect(run.out).not.toContain('explanation');
  });
});
