import { describe, expect, it } from 'vitest';
import { createConnectionLimiter } from '../../../src/intake/smtp/connection-limits.js';

describe('createConnectionLimiter', () => {
  it('admits sessions up to the total, then refuses until one leaves', () => {
    const limiter = createConnectionLimiter({
      maxClients: 2,
      maxClientsPerIp: 5,
      messagesPerMinutePerIp: 0,
    });
    expect(limiter.admit('a', '192.0.2.1')).toBe('admitted');
    expect(limiter.admit('b', '192.0.2.2')).toBe('admitted');
    expect(limiter.admit('c', '192.0.2.3')).toBe('server-full');
    limiter.release('c'); // never admitted: changes nothing
    expect(limiter.sessions).toBe(2);
    limiter.release('a');
    expect(limiter.admit('d', '192.0.2.3')).toBe('admitted');
  });

  it('limits the sessions of one client, an IPv6 /64 counting as one', () => {
    const limiter = createConnectionLimiter({
      maxClients: 100,
      maxClientsPerIp: 2,
      messagesPerMinutePerIp: 0,
    });
    expect(limiter.admit('a', '2001:db8::1')).toBe('admitted');
    expect(limiter.admit('b', '2001:db8::2')).toBe('admitted');
    expect(limiter.admit('c', '2001:db8::3')).toBe('client-full');
    expect(limiter.admit('d', '2001:db8:0:1::1')).toBe('admitted');
    limiter.release('b');
    expect(limiter.admit('e', '2001:db8::3')).toBe('admitted');
  });

  it('lets a client send its rate per minute, then one more per refill interval', () => {
    const limiter = createConnectionLimiter({
      maxClients: 10,
      maxClientsPerIp: 10,
      messagesPerMinutePerIp: 3,
    });
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.takeMessage('192.0.2.1', t0))).toEqual([true, true, true]);
    expect(limiter.takeMessage('192.0.2.1', t0)).toBe(false);
    expect(limiter.takeMessage('192.0.2.2', t0)).toBe(true);
    expect(limiter.takeMessage('192.0.2.1', t0 + 19_000)).toBe(false);
    expect(limiter.takeMessage('192.0.2.1', t0 + 20_000)).toBe(true);
    expect(limiter.takeMessage('192.0.2.1', t0 + 20_000)).toBe(false);
    // A long pause refills the bucket to its size, not beyond.
    const later = t0 + 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.takeMessage('192.0.2.1', later))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('does not limit the rate when it is 0', () => {
    const limiter = createConnectionLimiter({
      maxClients: 1,
      maxClientsPerIp: 1,
      messagesPerMinutePerIp: 0,
    });
    for (let i = 0; i < 1000; i += 1) expect(limiter.takeMessage('192.0.2.1', 0)).toBe(true);
  });
});
