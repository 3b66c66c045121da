import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../src/core/group-commit.js';

/** A flush that records its batches and resolves when the test says so. */
function controlledFlush() {
  const batches: string[][] = [];
  const releases: Array<() => void> = [];
  const flush = (items: string[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve) =>
      releases.push(() => resolve(items.map((item) => `stored:${item}`))),
    );
  };
  const releaseNext = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, flush, releaseNext };
}

describe('group commit', () => {
  it('flushes a lone item at once, and gathers what arrives during a flush into the next one', async () => {
    const { batches, flush, releaseNext } = controlledFlush();
    const submit = createGroupCommit({ flush, maxItems: 10, maxBytes: 1e9, sizeOf: () => 1 });
    const first = submit('a');
    expect(batches).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((item) => submit(item));
    expect(batches).toHaveLength(1);
    await releaseNext();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    await releaseNext();
    expect(await first).toBe('stored:a');
    expect(await Promise.all(rest)).toEqual(['stored:b', 'stored:c', 'stored:d']);
  });

  it('closes a batch at maxItems and at maxBytes', async () => {
    const { batches, flush, releaseNext } = controlledFlush();
    const submit = createGroupCommit({
      flush,
      maxItems: 3,
      maxBytes: 10,
      sizeOf: (item: string) => item.length,
    });
    const all = [
      submit('x'),
      ...['a', 'b', 'c', 'd'].map((i) => submit(i)),
      submit('eeeeeeeee'),
      submit('f'),
    ];
    for (let i = 0; i < 5; i += 1) await releaseNext();
    expect(batches).toEqual([['x'], ['a', 'b', 'c'], ['d', 'eeeeeeeee'], ['f']]);
    expect(await Promise.all(all)).toHaveLength(7);
  });

  it('rejects every item of a failed batch, and only those', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const submit = createGroupCommit({
      maxItems: 10,
      maxBytes: 1e9,
      sizeOf: () => 1,
      flush: async (items: string[]) => {
        calls += 1;
        if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
        if (calls === 2) throw new Error('database refused');
        return items.map((item) => item.toUpperCase());
      },
    });
    const first = submit('a');
    const failed = [submit('b'), submit('c')];
    release();
    expect(await first).toBe('A');
    for (const item of failed) await expect(item).rejects.toThrow('database refused');
    expect(await submit('d')).toBe('D');
  });

  it('holds the first item of a batch for windowMs to gather more', async () => {
    const batches: string[][] = [];
    const submit = createGroupCommit({
      maxItems: 10,
      maxBytes: 1e9,
      sizeOf: () => 1,
      windowMs: 20,
      flush: async (items: string[]) => {
        batches.push(items);
        return items;
      },
    });
    const first = submit('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = submit('b');
    expect(batches).toEqual([]);
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
    expect(batches).toEqual([['a', 'b']]);
  });
});
