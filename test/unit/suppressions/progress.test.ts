import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/cli/progress.js';

function capture(tty: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (tty) stream.isTTY = true;
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('redraws one bar in place on a terminal, at most once per interval', async () => {
    const out = capture(true);
    let clock = 0;
    const progress = createProgress(out.stream, 'import', 200, { now: () => clock });
    clock = 1_000;
    progress.update(50, '50 rows');
    clock = 1_050;
    progress.update(60, 'too soon');
    progress.finish('200 rows');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.text()).toBe(
      `\r\u001b[2Kimport: [########......................]  25% 50 rows` +
        `\r\u001b[2Kimport: [##############################] 100% 200 rows\n`,
    );
  });

  it('writes plain periodic lines when stderr is not a terminal', async () => {
    const out = capture(false);
    let clock = 0;
    const progress = createProgress(out.stream, 'import', undefined, { now: () => clock });
    clock = 6_000;
    progress.update(10, '10 rows');
    clock = 7_000;
    progress.update(20, 'too soon');
    clock = 12_000;
    progress.update(30, '30 rows');
    progress.finish('30 rows');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.text()).toBe('import: 10 rows\nimport: 30 rows\nimport: 30 rows\n');
  });
});
