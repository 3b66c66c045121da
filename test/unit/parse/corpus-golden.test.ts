/**
 * Golden outputs over the development corpus (shared/corpus/sisimai, next to the repo).
 * Any change of the parser's output on a corpus mail shows up here as a diff.
 *
 * Re-record after an intended change:
 *   UPDATE_GOLDEN=1 npx vitest run --config test/vitest.config.ts --project unit test/unit/parse/corpus-golden.test.ts
 * and review the diff of test/fixtures/parse/corpus-golden.jsonl before committing.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR as CORPUS, corpusAvailable } from '../../helpers/corpus.js';
import { parseMessage, type ParsedMessage } from '../../../src/parse/index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const GOLDEN = join(REPO, 'test', 'fixtures', 'parse', 'corpus-golden.jsonl');

/** The stable part of the output: what downstream stages act on. */
function summarize(file: string, p: ParsedMessage): string {
  return JSON.stringify({
    file,
    kind: p.kind,
    parser: p.parser ?? null,
    results: p.results.map((r) => [
      r.recipient,
      r.action ?? '',
      r.status ?? '',
      r.replyCode ?? '',
      r.category,
      r.feedbackType ?? '',
    ]),
    originalMessageId: p.original?.messageId ?? null,
  });
}

describe.runIf(corpusAvailable('corpus golden outputs'))('corpus golden outputs', () => {
  it('parses every corpus mail as recorded', async () => {
    if (!existsSync(CORPUS)) throw new Error(`corpus missing at ${CORPUS}`);
    const files = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const lines: string[] = [];
    for (const file of files)
      lines.push(summarize(file, await parseMessage(readFileSync(join(CORPUS, file)))));
    if (process.env['UPDATE_GOLDEN'] === '1') {
      writeFileSync(GOLDEN, lines.join('\n') + '\n');
      return;
    }
    expect(existsSync(GOLDEN), 'no golden file: run with UPDATE_GOLDEN=1').toBe(true);
    const golden = readFileSync(GOLDEN, 'utf8').trimEnd().split('\n');
    const byFile = new Map(golden.map((l) => [JSON.parse(l).file as string, l]));
    const changed = lines.filter((l) => byFile.get(JSON.parse(l).file) !== l);
    expect(changed.slice(0, 20)).toEqual([]);
    expect(lines.length).toBe(golden.length);
  });
});
