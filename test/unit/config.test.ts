import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactConfig, unknownVariableWarnings } from '../../src/config.js';
import { hashApiToken } from '../../src/api/auth/api-tokens.js';
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

  it('reads an empty variable as unset, as compose and .env templates write "none"', () => {
    const config = loadConfig({ WEBHOOK_URL: '', VERP_SECRET: ' ', SMTP_PORT: '', API_TOKEN: '' });
    expect(config.webhook.url).toBeUndefined();
    expect(config.verp.secret).toBeUndefined();
    expect(config.smtp.port).toBe(2525);
    const problems = problemsOf({ WEBHOOK_URL: 'not a url' });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.startsWith('WEBHOOK_URL'))).toBe(true);
  });

  it('reads METRICS_PORT for a process without the API, and leaves it unset by default', () => {
    expect(loadConfig({}).http.metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).http.metricsPort).toBe(9464);
    expect(problemsOf({ METRICS_PORT: '70000' })[0]).toMatch(/^METRICS_PORT/);
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

  it('refuses return-path domains and FBL addresses that are not domain names', () => {
    const problems = problemsOf({
      RETURN_PATH_DOMAINS: 'bounces.example.com,not_a_domain,-x.example,bücher.example',
      FBL_ADDRESSES: 'fbl@example.com,fbl@bad_domain,a@b@example.com,nobody',
    });
    expect(problems).toEqual([
      'RETURN_PATH_DOMAINS: "not_a_domain" is not a domain name',
      'RETURN_PATH_DOMAINS: "-x.example" is not a domain name',
      'FBL_ADDRESSES: "fbl@bad_domain" is not a full address',
      'FBL_ADDRESSES: "a@b@example.com" is not a full address',
      'FBL_ADDRESSES: "nobody" is not a full address',
    ]);
  });

  it('warns about variables that look like its own but are not read', () => {
    expect(
      unknownVariableWarnings({
        IMAP_URL: 'imaps://x',
        SMTP_PROT: '25',
        WEBHOOK_TIMEOUT: '5',
        IMAP_URLS: 'imaps://y',
        PATH: '/usr/bin',
        HOME: '/root',
      }),
    ).toEqual([
      'IMAP_URL is not a Rebound variable (did you mean IMAP_URLS?)',
      'SMTP_PROT is not a Rebound variable (did you mean SMTP_PORT?)',
      'WEBHOOK_TIMEOUT is not a Rebound variable: it is ignored',
    ]);
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

describe('API tokens in the config', () => {
  const staffToken = 'staff-token-0123456789abcdef';
  const checkToken = 'check-token-0123456789abcdef';

  it('keeps only sha256 digests, API_TOKEN as the admin token "api"', () => {
    const config = loadConfig({
      API_TOKEN: '  a-long-enough-token-123  ',
      API_TOKENS: `ops-ui:staff:${staffToken}, sender:check+intake:${checkToken}`,
    });
    expect(config.http.tokens).toEqual([
      { name: 'api', scopes: ['admin'], sha256: hashApiToken('a-long-enough-token-123') },
      { name: 'ops-ui', scopes: ['staff'], sha256: hashApiToken(staffToken) },
      { name: 'sender', scopes: ['check', 'intake'], sha256: hashApiToken(checkToken) },
    ]);
    const kept = JSON.stringify(config);
    for (const token of ['a-long-enough-token-123', staffToken, checkToken])
      expect(kept).not.toContain(token);
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain(hashApiToken(staffToken));
    expect(printed).toContain('ops-ui');
  });

  it('reads API_TOKENS_FILE, one entry a line, with comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebound-tokens-'));
    try {
      const file = join(dir, 'tokens');
      writeFileSync(
        file,
        `# staff screens\nops-ui:staff:${staffToken}\n\n  sender:check:${checkToken}\r\n`,
      );
      const config = loadConfig({ API_TOKENS_FILE: file, HTTP_HOST: '0.0.0.0' });
      expect(config.http.tokens.map((t) => t.name)).toEqual(['ops-ui', 'sender']);
      writeFileSync(file, `ops-ui:root:${staffToken}\n`);
      const problems = problemsOf({ API_TOKENS_FILE: file });
      expect(problems).toEqual([
        expect.stringMatching(/API_TOKENS_FILE line 1: unknown scope "root"/),
      ]);
      expect(problemsOf({ API_TOKENS_FILE: join(dir, 'missing') })).toEqual([
        expect.stringMatching(/API_TOKENS_FILE: cannot read .*ENOENT/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets API_TOKENS alone open a non-loopback listener', () => {
    expect(problemsOf({ HTTP_HOST: '0.0.0.0', API_TOKENS: `a:check:${checkToken}` })).toEqual([]);
    expect(problemsOf({ HTTP_HOST: '0.0.0.0', API_TOKENS: ' , ' })).toEqual([
      expect.stringMatching(/API_TOKEN or API_TOKENS: required/),
    ]);
  });

  it('reports bad entries with the others, never quoting a token', () => {
    const problems = problemsOf({
      API_TOKEN: 'a-long-enough-token-123',
      API_TOKENS: `api:check:${checkToken},b:staff:short,c:staff:${staffToken},d:staff:${staffToken}`,
      SMTP_PORT: 'x',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/SMTP_PORT/);
    expect(text).toMatch(/API_TOKENS entry 2: token must be at least 16/);
    expect(text).toMatch(/name "api" is used twice/);
    expect(text).toMatch(/"c" and "d" have the same token/);
    for (const token of [checkToken, staffToken, 'short', 'a-long-enough-token-123'])
      expect(text).not.toContain(token);
  });
});

describe('outbound URLs', () => {
  it.each([
    'ftp://x.example/hook',
    'file:///etc/passwd',
    'gopher://x.example/',
    'javascript:alert(1)',
  ])('refuses WEBHOOK_URL and RULES_SOURCE_URL %s', (url) => {
    const problems = problemsOf({ WEBHOOK_URL: url, RULES_SOURCE_URL: url, SMTP_PORT: 'x' });
    expect(problems.join('\n')).toMatch(/WEBHOOK_URL/);
    expect(problems.join('\n')).toMatch(/RULES_SOURCE_URL/);
    expect(problems.join('\n')).toMatch(/SMTP_PORT/);
  });

  it('takes http and https', () => {
    const config = loadConfig({
      WEBHOOK_URL: 'https://hooks.example/rebound',
      RULES_SOURCE_URL: 'http://rules.example/sets.json',
    });
    expect(config.webhook.url).toBe('https://hooks.example/rebound');
    expect(config.rulesSourceUrl).toBe('http://rules.example/sets.json');
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
