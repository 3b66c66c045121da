import { describe, expect, it } from 'vitest';
import {
  cidrListProblems,
  clientKey,
  createClientAllowlist,
  parseCidr,
} from '../../../src/intake/smtp/client-address.js';

describe('SMTP_ALLOWED_CLIENTS', () => {
  it('reads IPv4 and IPv6 blocks and bare addresses', () => {
    expect(parseCidr('192.0.2.0/24')).toEqual({ network: '192.0.2.0', prefix: 24, family: 'ipv4' });
    expect(parseCidr('2001:db8::/32')).toEqual({
      network: '2001:db8::',
      prefix: 32,
      family: 'ipv6',
    });
    expect(parseCidr('198.51.100.7')).toEqual({
      network: '198.51.100.7',
      prefix: 32,
      family: 'ipv4',
    });
  });

  it('reports every malformed entry', () => {
    const problems = cidrListProblems([
      '10.0.0.0/8',
      '10.0.0.0/33',
      '2001:db8::/129',
      'mx.example.com',
      '10.0.0.0/8/9',
      '10.0.0.0/-1',
    ]);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toContain('0 to 32');
    expect(problems[1]).toContain('0 to 128');
  });

  it('allows the listed blocks only, IPv4 seen through a dual-stack listener included', () => {
    const allowed = createClientAllowlist(['192.0.2.0/24', '2001:db8:1::/48']);
    expect(allowed('192.0.2.200')).toBe(true);
    expect(allowed('::ffff:192.0.2.200')).toBe(true);
    expect(allowed('192.0.3.1')).toBe(false);
    expect(allowed('2001:db8:1:ffff::1')).toBe(true);
    expect(allowed('2001:db8:2::1')).toBe(false);
    expect(allowed('not-an-ip')).toBe(false);
  });

  it('allows everyone when the list is empty', () => {
    expect(createClientAllowlist([])('203.0.113.9')).toBe(true);
  });
});

describe('clientKey', () => {
  it('counts an IPv4 client by its address', () => {
    expect(clientKey('192.0.2.1')).toBe('192.0.2.1');
    expect(clientKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('counts every address of one IPv6 /64 as one client', () => {
    const a = clientKey('2001:db8:0:1::1');
    expect(a).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(a);
    expect(clientKey('2001:db8:0:2::1')).not.toBe(a);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});
