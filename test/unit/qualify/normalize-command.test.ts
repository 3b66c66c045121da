import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { normalizeCommand } from '../../../src/cli/commands/normalize.js';
import { normalizeErrorText } from '../../../src/qualify/index.js';

function run(argv: string[], input: Iterable<string> | AsyncIterable<string>) {
  let out = '';
  let err = '';
  const stdout = new Writable({
    highWaterMark: 64,
    write(chunk, _enc, done) {
      out += String(chunk);
      setImmediate(done);
    },
  });
  const stderr = new PassThrough();
  stderr.on('data', (chunk) => (err += String(chunk)));
  const io = { stdin: Readable.from(input), stdout, stderr, env: {} };
  return normalizeCommand.run(argv, io).then(async (code) => {
    // Writes complete asynchronously: let the writer drain before reading what it got.
    await new Promise((resolve) => stdout.end(resolve));
    return { code, out, err };
  });
}

describe('rebound normalize', () => {
  it('prints one normalized line per input line, CRLF or LF, blank lines kept', async () => {
    const { code, out } = await run(
      [],
      ['550 5.1.1 <a@example.org> unknown\r\n', '\n', '452 4.2.2 quota 100% on mx1.example.net'],
    );
    expect(code).toBe(0);
    expect(out).toBe('550 5.1.1 <*> unknown\n\n452 4.2.2 quota #xxx#% on #xxx#\n');
  });

  it('streams a large input with back-pressure', async () => {
    const count = 20_000;
    async function* lines() {
      for (let i = 0; i < count; i++) yield `550 5.1.1 <user${i}@example.org> queue ${i}\n`;
    }
    const { code, out } = await run([], lines());
    expect(code).toBe(0);
    const printed = out.trimEnd().split('\n');
    expect(printed).toHaveLength(count);
    expect(new Set(printed)).toEqual(new Set([normalizeErrorText('550 5.1.1 <x@y.org> queue 1')]));
  });

  it('shows help and rejects unknown options', async () => {
    expect((await run(['--help'], [])).out).toContain('Usage: rebound normalize');
    const bad = await run(['--bogus'], []);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown argument --bogus');
  });

  it('honours --max-length', async () => {
    const { out } = await run(['--max-length', '12'], ['mailbox full try again later\n']);
    expect(out).toBe('mailbox full\n');
  });
});
