import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessageSync } from '../../../src/parse/index.js';
import { BUDGET_EXCEEDED, createParsePool, type ParsePool } from '../../../src/parse-pool/index.js';
import { parseThreadEntry } from '../../../src/parse-pool/thread-entry.js';
import { HOSTILE_CASES } from '../../fixtures/parse/hostile/hostile-mail.js';

const SPINNING = {
  script: new URL('../../fixtures/parse-pool/spinning-thread.mjs', import.meta.url),
};
const DSN = readFileSync(new URL('../../fixtures/parse/dsn-two-recipients.eml', import.meta.url));

let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** The longest the event loop was held while `work` ran (timer lateness, sampled each 5 ms). */
async function eventLoopLag<T>(work: Promise<T>): Promise<{ value: T; lagMs: number }> {
  let lagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 5);
    last = now;
  }, 5);
  try {
    return { value: await work, lagMs };
  } finally {
    clearInterval(timer);
  }
}

describe('the parse pool', () => {
  it('gives the same result as parsing in-process (TypeScript thread entry under vitest)', async () => {
    pool = createParsePool({ size: 1, budgetMs: 20_000 });
    const options = { envelopeTo: ['bounce@bounces.example.com'] };
    expect(await pool.parse(DSN, options)).toEqual(parseMessageSync(DSN, options));
  });

  it('ends a parse that overruns its budget as unknown and replaces the thread', async () => {
    pool = createParsePool({ size: 1, budgetMs: 200, entry: SPINNING });
    const t0 = performance.now();
    const { value: spun, lagMs } = await eventLoopLag(pool.parse(Buffer.from('SPIN')));
    expect(spun).toEqual({ kind: 'unknown', results: [], unknownReason: BUDGET_EXCEEDED });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(lagMs).toBeLessThan(150);
    expect(pool.replaced).toBe(1);
    // The replacement thread takes the next message.
    expect((await pool.parse(Buffer.from('after'))).unknownReason).toBe('after');
  });

  it('runs messages side by side and queues the rest', async () => {
    pool = createParsePool({ size: 2, budgetMs: 300, entry: SPINNING });
    const results = await Promise.all([
      pool.parse(Buffer.from('SPIN 1')),
      pool.parse(Buffer.from('one')),
      pool.parse(Buffer.from('SPIN 2')),
      pool.parse(Buffer.from('two')),
    ]);
    expect(results.map((r) => r.unknownReason)).toEqual([
      BUDGET_EXCEEDED,
      'one',
      BUDGET_EXCEEDED,
      'two',
    ]);
    expect(pool.replaced).toBe(2);
  });

  it('answers the message of a thread that died, and carries on', async () => {
    pool = createParsePool({ size: 1, budgetMs: 5_000, entry: SPINNING });
    const died = await pool.parse(Buffer.from('EXIT'));
    expect(died.kind).toBe('unknown');
    expect(died.unknownReason).toMatch(/^parse thread (?:exited|failed)/);
    expect((await pool.parse(Buffer.from('next'))).unknownReason).toBe('next');
  });

  it('rejects parses once closed', async () => {
    pool = createParsePool({ size: 1, budgetMs: 1_000, entry: SPINNING });
    await pool.close();
    await expect(pool.parse(Buffer.from('late'))).rejects.toThrow(/closed/);
  });

  it('keeps the event loop free while the real parser reads the worst hostile mail', async () => {
    pool = createParsePool({ size: 1, budgetMs: 20_000 });
    await pool.parse(DSN); // the thread is up and warm
    const worst = HOSTILE_CASES.map((c) => c.build(1024 * 1024));
    const parseAll = async () => {
      for (const raw of worst) await pool!.parse(raw);
    };
    const { lagMs } = await eventLoopLag(parseAll());
    // The main thread only copies each 1 MiB to the thread; generous for a loaded box.
    expect(lagMs).toBeLessThan(250);
  });
});

describe('the thread entry', () => {
  it('is the compiled sibling when running from dist, with no loader', () => {
    const entry = parseThreadEntry('file:///srv/rebound/dist/parse-pool/thread-entry.js');
    expect(entry.script).toEqual(new URL('file:///srv/rebound/dist/parse-pool/parse-thread.js'));
    expect(entry.evalScript).toBeUndefined();
  });

  it('is the TypeScript source loaded by tsx when running the sources', () => {
    const entry = parseThreadEntry(
      new URL('../../../src/parse-pool/thread-entry.ts', import.meta.url).href,
    );
    expect(entry.evalScript).toBe(true);
    expect(String(entry.script)).toMatch(/tsImport\("file:[^"]*src\/parse-pool\/parse-thread\.ts"/);
  });
});
