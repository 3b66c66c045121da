import { describe, expect, it } from 'vitest';
import { consoleUrl } from '../../../src/api/console/console-url.js';

describe('consoleUrl', () => {
  it('names loopback for a wildcard bind, the host otherwise, and brackets IPv6', () => {
    expect(consoleUrl('127.0.0.1', 8025)).toBe('http://127.0.0.1:8025/');
    expect(consoleUrl('0.0.0.0', 8025)).toBe('http://127.0.0.1:8025/');
    expect(consoleUrl('::', 9000)).toBe('http://127.0.0.1:9000/');
    expect(consoleUrl('::1', 9000)).toBe('http://[::1]:9000/');
    expect(consoleUrl('bounces.internal', 80)).toBe('http://bounces.internal:80/');
  });
});
