import { describe, expect, it } from 'vitest';
import { loadConfig, redactConfig, redactUrl } from '../../src/config.js';

describe('redactUrl', () => {
  it('hides user name and password but keeps scheme, host, port and database', () => {
    expect(redactUrl('postgres://rebound:hunter2@db.internal:5432/rebound')).toBe(
      'postgres://***:***@db.internal:5432/rebound',
    );
    expect(redactUrl('redis://:s3cret@cache:6379/0')).toBe('redis://:***@cache:6379/0');
  });

  it('hides every query value, keeping the names', () => {
    const printed = redactUrl(
      'postgres://db/rebound?sslmode=require&password=p4ss&token=abc&token=def',
    )!;
    expect(printed).toBe('postgres://db/rebound?sslmode=***&password=***&token=***');
    for (const secret of ['p4ss', 'abc', 'def', 'require']) expect(printed).not.toContain(secret);
  });

  it('hides token-looking path segments such as a chat webhook path', () => {
    const printed = redactUrl(
      'https://hooks.example.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    )!;
    expect(printed).toBe('https://hooks.example.com/services/***/***/***');
    expect(redactUrl('https://rules.example.com/rules/rules.json')).toBe(
      'https://rules.example.com/rules/rules.json',
    );
    expect(redactUrl('https://api.example.com/hook/9f86d081884c7d659a2feaa0c55ad015')).toBe(
      'https://api.example.com/hook/***',
    );
  });

  it('drops a fragment and says so when a URL cannot be read', () => {
    expect(redactUrl('https://x.example/a#k3y')).toBe('https://x.example/a');
    expect(redactUrl('not a url')).toBe('[unparseable url]');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});

describe('redactConfig', () => {
  it('prints no secret of WEBHOOK_URL, RULES_SOURCE_URL, DATABASE_URL, REDIS_URL or IMAP_URLS', () => {
    const secrets = [
      'dbpass',
      'dbuser',
      'redispw',
      'hookTOKEN123456',
      'rulesKey42',
      'imappw',
      'q9secret',
    ];
    const config = loadConfig({
      DATABASE_URL: 'postgres://dbuser:dbpass@db.internal/rebound?password=q9secret',
      REDIS_URL: 'redis://:redispw@cache:6379',
      WEBHOOK_URL: 'https://hooks.example.com/in/hookTOKEN123456',
      RULES_SOURCE_URL: 'https://rules.example.com/rules.json?key=rulesKey42',
      IMAP_URLS: 'imaps://bounces%40example.com:imappw@imap.example.com/INBOX',
    });
    const printed = JSON.stringify(redactConfig(config));
    for (const secret of secrets) expect(printed).not.toContain(secret);
    expect(printed).toContain('db.internal');
    expect(printed).toContain('hooks.example.com');
    expect(printed).toContain('imap.example.com');
  });
});
