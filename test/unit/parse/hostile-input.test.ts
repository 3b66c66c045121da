/**
 * Hostile mail costs bounded time (issue 15): each saved worst case — long runs in
 * Content-Type parameters, dates, vendor lines, header continuations, long lines, deep MIME
 * nesting, many parts and recipients — parses well within the budget at 1 MiB. The bound is
 * a generous regression guard for a loaded 2-core box; bench/parse-hostile.bench.js has the
 * precise figures. HOSTILE_BYTES runs it at another size.
 */
import { describe, expect, it } from 'vitest';
import { parseMessageSync } from '../../../src/parse/index.js';
import { HOSTILE_CASES } from '../../fixtures/parse/hostile/hostile-mail.js';

const BYTES = Number(process.env['HOSTILE_BYTES'] ?? 1024 * 1024);
const BOUND_MS = 1000;

describe('parseMessage on hostile input', () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))(
    '%s parses within the bound',
    { timeout: 60_000 },
    (_name, c) => {
      const raw = c.build(BYTES);
      expect(raw.length).toBeGreaterThanOrEqual(BYTES * 0.75);
      parseMessageSync(c.build(4096)); // warm the JIT on a small one first
      const t0 = performance.now();
      const parsed = parseMessageSync(raw);
      const ms = performance.now() - t0;
      expect(parsed.kind).toMatch(/^(?:bounce|complaint|autoreply|delivered|unsubscribe|unknown)$/);
      expect(ms).toBeLessThan(BOUND_MS);
    },
  );
});
