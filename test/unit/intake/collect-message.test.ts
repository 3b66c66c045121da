import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectMessage } from '../../../src/intake/smtp/collect-message.js';
import { createMemoryBudget } from '../../../src/intake/smtp/memory-budget.js';

const LIMITS = { maxMessageBytes: 10_000, maxHeaderBytes: 100 };

/** Feeds the pieces one by one (so boundaries fall where the test says) and ends. */
function streamOf(pieces: string[]) {
  const stream = new PassThrough();
  queueMicrotask(() => {
    for (const piece of pieces) stream.write(Buffer.from(piece, 'latin1'));
    stream.end();
  });
  return stream;
}

describe('collectMessage', () => {
  it('keeps a message whose header section ends within the limit', async () => {
    const budget = createMemoryBudget(1_000_000, 1);
    const header = `Subject: ${'x'.repeat(80)}\r\n`;
    const { collected, release } = await collectMessage(
      streamOf([header, '\r\n', 'y'.repeat(5_000)]),
      LIMITS,
      budget,
    );
    expect(collected.outcome).toBe('complete');
    expect(collected.outcome === 'complete' && collected.raw.length).toBe(header.length + 5_002);
    expect(budget.used).toBe(header.length + 5_002);
    release();
    expect(budget.used).toBe(0);
  });

  it('finds the end of the header section split across chunks, and with bare LF', async () => {
    const budget = createMemoryBudget(1_000_000, 1);
    const crlf = await collectMessage(
      streamOf(['Subject: a\r', '\n\r', '\n', 'b'.repeat(500)]),
      LIMITS,
      budget,
    );
    expect(crlf.collected.outcome).toBe('complete');
    const lf = await collectMessage(
      streamOf(['Subject: a\n', '\n', 'b'.repeat(500)]),
      LIMITS,
      budget,
    );
    expect(lf.collected.outcome).toBe('complete');
    const empty = await collectMessage(streamOf(['\r\n', 'b'.repeat(500)]), LIMITS, budget);
    expect(empty.collected.outcome).toBe('complete');
  });

  it('refuses a header section over the limit, and one that never ends', async () => {
    const budget = createMemoryBudget(1_000_000, 1);
    const long = await collectMessage(
      streamOf([`Subject: ${'x'.repeat(150)}\r\n\r\nbody`]),
      LIMITS,
      budget,
    );
    expect(long.collected.outcome).toBe('header-too-large');
    const endless = await collectMessage(
      streamOf(Array.from({ length: 20 }, () => 'X-Filler: 0123456789\r\n')),
      LIMITS,
      budget,
    );
    expect(endless.collected.outcome).toBe('header-too-large');
    expect(budget.used).toBe(0);
  });

  it('keeps a short message with no body at all', async () => {
    const budget = createMemoryBudget(1_000_000, 1);
    const { collected } = await collectMessage(streamOf(['Subject: a\r\n']), LIMITS, budget);
    expect(collected.outcome).toBe('complete');
  });

  it('refuses a message over the size limit and frees what it held', async () => {
    const budget = createMemoryBudget(1_000_000, 1);
    const { collected } = await collectMessage(
      streamOf(['Subject: a\r\n\r\n', ...Array.from({ length: 11 }, () => 'z'.repeat(1_000))]),
      LIMITS,
      budget,
    );
    expect(collected.outcome).toBe('too-large');
    expect(budget.used).toBe(0);
  });

  it('refuses a message the memory budget cannot hold, and leaves the others their share', async () => {
    const budget = createMemoryBudget(3_000, 1);
    const first = await collectMessage(
      streamOf(['Subject: a\r\n\r\n', 'z'.repeat(2_000)]),
      LIMITS,
      budget,
    );
    expect(first.collected.outcome).toBe('complete');
    const second = await collectMessage(
      streamOf(['Subject: b\r\n\r\n', 'z'.repeat(2_000)]),
      LIMITS,
      budget,
    );
    expect(second.collected.outcome).toBe('no-memory');
    expect(budget.used).toBe(2_014);
    first.release();
    const third = await collectMessage(
      streamOf(['Subject: c\r\n\r\n', 'z'.repeat(2_000)]),
      LIMITS,
      budget,
    );
    expect(third.collected.outcome).toBe('complete');
  });

  it('reports a client that left mid-message and frees its bytes', async () => {
    const budget = createMemoryBudget(1_000_000, 1);
    const stream = new PassThrough();
    const pending = collectMessage(stream, LIMITS, budget);
    stream.write(Buffer.from('Subject: a\r\n\r\npartial'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.used).toBeGreaterThan(0);
    stream.destroy();
    const { collected } = await pending;
    expect(collected.outcome).toBe('aborted');
    expect(budget.used).toBe(0);
  });
});
