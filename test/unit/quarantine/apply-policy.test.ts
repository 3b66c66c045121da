import { describe, expect, it } from 'vitest';
import { applyAll, day, hard, soft } from './helpers.js';

describe('applyQuarantinePolicy', () => {
  it('quarantines at once on a hard error', () => {
    const { record } = applyAll([hard(day(0))]);
    expect(record?.status).toBe('quarantine');
    expect(record?.reason).toBe('user_unknown');
  });

  it('quarantines after the fifth significant soft error', () => {
    const { record } = applyAll([0, 1, 2, 3, 4].map((d) => soft(day(d))));
    expect(record?.status).toBe('quarantine');
    expect(record?.errorCount).toBe(5);
  });
});
