import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../../src/core/wait-until-ready.js';

function recorder() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

/** A fake clock that sleeping advances. */
function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), slept: () => t };
}

describe('waitUntilReady', () => {
  it('retries with doubling delays, logging each attempt, until the dependency answers', async () => {
    const { logger, lines } = recorder();
    const c = clock();
    let calls = 0;
    const result = await waitUntilReady(
      async () => {
        if (++calls < 4) throw new Error('ECONNREFUSED');
        return 'up';
      },
      { what: 'database', logger, deadlineMs: 60_000, initialDelayMs: 100, ...c },
    );
    expect(result).toBe('up');
    const waits = lines.filter((l) => l.event === 'service.dependency.waiting');
    expect(waits.map((l) => l.retryInMs)).toEqual([100, 200, 400]);
    expect(waits.map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(waits[0]!.reason).toBe('ECONNREFUSED');
    expect(lines.at(-1)).toMatchObject({ event: 'service.dependency.ready', tries: 4 });
  });

  it('gives up with the last error once the deadline would pass', async () => {
    const { logger, lines } = recorder();
    const c = clock();
    await expect(
      waitUntilReady(
        async () => {
          throw new Error('still down');
        },
        {
          what: 'redis',
          logger,
          deadlineMs: 10_000,
          initialDelayMs: 1_000,
          maxDelayMs: 4_000,
          ...c,
        },
      ),
    ).rejects.toThrow('still down');
    expect(c.slept()).toBeLessThanOrEqual(10_000);
    expect(lines.at(-1)).toMatchObject({ event: 'service.dependency.gave_up', what: 'redis' });
  });

  it('does not wait at all when the first attempt succeeds', async () => {
    const { logger, lines } = recorder();
    const c = clock();
    expect(await waitUntilReady(async () => 1, { what: 'x', logger, deadlineMs: 1, ...c })).toBe(1);
    expect(lines).toEqual([]);
    expect(c.slept()).toBe(0);
  });
});
