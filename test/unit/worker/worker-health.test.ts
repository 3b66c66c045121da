import { describe, expect, it } from 'vitest';
import { createWorkerHealth } from '../../../src/worker/worker-health.js';

describe('worker health', () => {
  it('turns unhealthy after the configured run of failures and healthy after one success', async () => {
    const health = createWorkerHealth({ maxConsecutiveFailures: 3 });
    health.failed();
    health.failed();
    await expect(health.check()).resolves.toBeUndefined();
    health.failed();
    await expect(health.check()).rejects.toThrow('3 consecutive message attempts failed (limit 3)');
    health.succeeded();
    await expect(health.check()).resolves.toBeUndefined();
  });

  it('never fails when the limit is 0', async () => {
    const health = createWorkerHealth({ maxConsecutiveFailures: 0 });
    for (let i = 0; i < 100; i += 1) health.failed();
    await expect(health.check()).resolves.toBeUndefined();
  });
});
