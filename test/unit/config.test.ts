import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';

function problemsOf(env: Record<string, string>, roles?: string[]): string[] {
  try {
    loadConfig(env, roles);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return ((error as AppError).details?.problems as string[]) ?? [];
  }
  return [];
}

describe('loadConfig', () => {
  it('runs on the embedded default with no variables at all', () => {
    const config = loadConfig({});
    expect(config.shape).toBe('embedded');
    expect(config.smtp).toEqual({
      host: '127.0.0.1',
      port: 2525,
      maxMessageBytes: 10 * 1024 * 1024,
      allowedClients: [],
      limits: {
        maxClients: 100,
        maxClientsPerIp: 20,
        messagesPerMinutePerIp: 1_000,
        idleTimeoutSeconds: 300,
        sessionTimeoutSeconds: 600,
        maxRecipients: 100,
        maxHeaderBytes: 100 * 1024,
        maxBufferedBytes: 128 * 1024 * 1024,
      },
    });
    expect(config.http.port).toBe(8025);
    expect(config.dataDir).toBe('./data');
    expect(config.roles).toEqual(['smtp', 'imap', 'worker', 'api', 'scheduler']);
  });

  it('takes the production shape when both DATABASE_URL and REDIS_URL are set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/r',
      REDIS_URL: 'redis://redis:6379',
    });
    expect(config.shape).toBe('production');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(
      {
        SMTP_PORT: 'abc',
        HTTP_HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://x/y',
        FBL_ADDRESSES: 'nope',
      },
      ['worker', 'cook'],
    );
    expect(problems.join('\n')).toMatch(/SMTP_PORT/);
    expect(problems.join('\n')).toMatch(/API_TOKEN/);
    expect(problems.join('\n')).toMatch(/REDIS_URL/);
    expect(problems.join('\n')).toMatch(/FBL_ADDRESSES/);
    expect(problems.join('\n')).toMatch(/unknown role "cook"/);
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses to listen off loopback without an API token', () => {
    expect(problemsOf({ HTTP_HOST: '0.0.0.0' })).toHaveLength(1);
    expect(problemsOf({ HTTP_HOST: '0.0.0.0', API_TOKEN: 'a-long-enough-token-123' })).toHaveLength(
      0,
    );
  });

  it('splits and lower-cases the domain and FBL lists', () => {
    const config = loadConfig({
      RETURN_PATH_DOMAINS: ' Bounces.Example.COM, b.example ',
      FBL_ADDRESSES: 'FBL@Example.com',
    });
    expect(config.returnPathDomains).toEqual(['bounces.example.com', 'b.example']);
    expect(config.fblAddresses).toEqual(['fbl@example.com']);
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(() => {
      (config.smtp as { port: number }).port = 1;
    }).toThrow();
  });

  it('prints no secret', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://user:hunter2@db/r',
      REDIS_URL: 'redis://:s3cret@redis:6379',
      API_TOKEN: 'a-long-enough-token-123',
      VERP_SECRET: 'another-long-secret-456',
    });
    const printed = JSON.stringify(redactConfig(config));
    for (const secret of [
      'hunter2',
      's3cret',
      'a-long-enough-token-123',
      'another-long-secret-456',
    ]) {
      expect(printed).not.toContain(secret);
    }
  });

  it('reports every problem of the SMTP door settings at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebound-config-'));
    try {
      const garbage = join(dir, 'garbage.pem');
      writeFileSync(garbage, 'not a certificate');
      const problems = problemsOf({
        SMTP_ALLOWED_CLIENTS: '192.0.2.0/24, 10.0.0.0/40, mx.example.com',
        SMTP_TLS_CERT: garbage,
        SMTP_TLS_KEY: join(dir, 'missing.pem'),
        SMTP_MAX_BUFFERED_BYTES: '1000',
        SMTP_MAX_RECIPIENTS: '0',
      }).join('\n');
      expect(problems).toMatch(/SMTP_ALLOWED_CLIENTS: "10\.0\.0\.0\/40"/);
      expect(problems).toMatch(/SMTP_ALLOWED_CLIENTS: "mx\.example\.com"/);
      expect(problems).toMatch(/SMTP_TLS_CERT \/ SMTP_TLS_KEY: .*cannot read/);
      expect(problems).toMatch(/SMTP_MAX_BUFFERED_BYTES: must be at least 4 × MAX_MESSAGE_BYTES/);
      expect(problems).toMatch(/SMTP_MAX_RECIPIENTS/);
      expect(problemsOf({ SMTP_TLS_CERT: garbage }).join('\n')).toMatch(/set both/);
      expect(problemsOf({ SMTP_TLS_CERT: garbage, SMTP_TLS_KEY: garbage }).join('\n')).toMatch(
        /do not make a TLS context/,
      );
      expect(problemsOf({ SMTPS_PORT: '465' }).join('\n')).toMatch(/SMTPS_PORT: needs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the SMTP door settings', () => {
    const config = loadConfig({
      SMTP_ALLOWED_CLIENTS: '192.0.2.0/24,2001:db8::/32',
      SMTP_MAX_CLIENTS: '7',
      SMTP_MESSAGES_PER_MINUTE_PER_IP: '0',
    });
    expect(config.smtp.allowedClients).toEqual(['192.0.2.0/24', '2001:db8::/32']);
    expect(config.smtp.limits.maxClients).toBe(7);
    expect(config.smtp.limits.messagesPerMinutePerIp).toBe(0);
    expect(config.smtp.tls).toBeUndefined();
  });
});
