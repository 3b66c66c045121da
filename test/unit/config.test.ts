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
});

describe('bounce trust config', () => {
  const secret = { VERP_SECRET: 'a-verp-secret-of-16+' };

  it('holds unsigned bounces by default only when bounces can be signed', () => {
    expect(loadConfig({}).bounceTrust).toEqual({ unsignedBounces: 'apply', fblSources: [] });
    expect(loadConfig(secret).bounceTrust.unsignedBounces).toBe('hold');
    expect(loadConfig({ ...secret, UNSIGNED_BOUNCES: 'record' }).bounceTrust.unsignedBounces).toBe(
      'record',
    );
    expect(loadConfig({ ...secret, UNSIGNED_BOUNCES: 'apply' }).bounceTrust.unsignedBounces).toBe(
      'apply',
    );
  });

  it('reads FBL_SOURCES as lower-case domains and refuses what is not one', () => {
    expect(
      loadConfig({ FBL_SOURCES: 'FBL.Provider.test, feedback.example.net' }).bounceTrust.fblSources,
    ).toEqual(['fbl.provider.test', 'feedback.example.net']);
    const problems = problemsOf({
      UNSIGNED_BOUNCES: 'quarantine',
      FBL_SOURCES: 'fbl@provider.test,localhost,ok.example',
    });
    expect(problems.some((p) => p.startsWith('UNSIGNED_BOUNCES'))).toBe(true);
    expect(problems.filter((p) => p.startsWith('FBL_SOURCES'))).toHaveLength(2);
  });
});
