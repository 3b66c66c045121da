import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchRuleSource, loadRuleDirectory } from '../../../src/rule-sets/index.js';

const rulesDir = fileURLToPath(new URL('../../../rules/', import.meta.url));
const smsText = () => readFile(join(rulesDir, 'sms.json'), 'utf8');

describe('loadRuleDirectory', () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('loads the shipped rules/ directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rebound-rules-'));
    const result = await loadRuleDirectory(rulesDir);
    expect(result.ok && result.ruleSets.map((s) => s.name)).toEqual(['email', 'push', 'sms']);
  });

  it('fails as a whole when one file is broken, naming the file and rule', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rebound-rules-'));
    await copyFile(join(rulesDir, 'email.json'), join(dir, 'email.json'));
    const sms = JSON.parse(await smsText());
    sms.rules[0].reason = 'not_a_reason';
    await writeFile(join(dir, 'sms.json'), JSON.stringify(sms));
    const result = await loadRuleDirectory(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('RULES_SOURCE_INVALID');
    expect(result.error.source).toMatch(/sms\.json$/);
    expect(result.error.issues).toEqual([
      expect.objectContaining({ ruleId: 'sms.delivered', field: 'reason' }),
    ]);
  });

  it('reports JSON errors, oversized files and a missing directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rebound-rules-'));
    await writeFile(join(dir, 'a.json'), '{ not json');
    const bad = await loadRuleDirectory(dir);
    expect(!bad.ok && bad.error.code).toBe('RULES_SOURCE_INVALID_JSON');
    await writeFile(join(dir, 'a.json'), await smsText());
    const big = await loadRuleDirectory(dir, { maxBytes: 100 });
    expect(!big.ok && big.error.code).toBe('RULES_SOURCE_TOO_LARGE');
    const missing = await loadRuleDirectory(join(dir, 'nope'));
    expect(!missing.ok && missing.error.code).toBe('RULES_SOURCE_READ_FAILED');
  });

  it('refuses two files defining the same set', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rebound-rules-'));
    await writeFile(join(dir, 'a.json'), await smsText());
    await writeFile(join(dir, 'b.json'), await smsText());
    const result = await loadRuleDirectory(dir);
    expect(!result.ok && result.error.message).toMatch(/"sms" appears twice/);
  });
});

describe('fetchRuleSource', () => {
  let server: Server;
  let base: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads and compiles a rule set, returning its ETag', async () => {
    const body = await smsText();
    handler = (_req, res) => res.writeHead(200, { etag: '"v1"' }).end(body);
    const result = await fetchRuleSource(`${base}/rules/sms.json`);
    expect(result).toMatchObject({ ok: true, status: 'updated', etag: '"v1"' });
    expect(result.ok && result.status === 'updated' && result.ruleSets[0]?.name).toBe('sms');
  });

  it('sends If-None-Match and reports not-modified on 304', async () => {
    let seen: string | undefined;
    handler = (req, res) => {
      seen = req.headers['if-none-match'];
      res.writeHead(304, { etag: '"v1"' }).end();
    };
    const result = await fetchRuleSource(`${base}/r.json`, { etag: '"v1"' });
    expect(seen).toBe('"v1"');
    expect(result).toEqual({ ok: true, status: 'not-modified', etag: '"v1"' });
  });

  it('accepts a bundle of several sets', async () => {
    const bundle = JSON.stringify({
      ruleSets: [
        JSON.parse(await smsText()),
        JSON.parse(await readFile(join(rulesDir, 'push.json'), 'utf8')),
      ],
    });
    handler = (_req, res) => res.writeHead(200).end(bundle);
    const result = await fetchRuleSource(`${base}/bundle.json`);
    expect(result.ok && result.status === 'updated' && result.ruleSets.map((s) => s.name)).toEqual([
      'sms',
      'push',
    ]);
  });

  it('refuses a body over the size limit, declared or streamed', async () => {
    handler = (_req, res) => {
      res.writeHead(200); // chunked: no Content-Length, the limit applies while reading
      res.write('x'.repeat(600));
      res.end('y'.repeat(600));
    };
    const streamed = await fetchRuleSource(`${base}/big`, { maxBytes: 1000 });
    expect(!streamed.ok && streamed.error.code).toBe('RULES_SOURCE_TOO_LARGE');
    handler = (_req, res) => res.writeHead(200, { 'content-length': '5000' }).end('z'.repeat(5000));
    const declared = await fetchRuleSource(`${base}/big`, { maxBytes: 1000 });
    expect(!declared.ok && declared.error.code).toBe('RULES_SOURCE_TOO_LARGE');
  });

  it('follows a redirect on its own host, with the credentials, and no other', async () => {
    const body = await smsText();
    const elsewhere: string[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200).end(body);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const auth: string[] = [];
      handler = (req, res) => {
        auth.push(req.headers.authorization ?? '');
        if (req.url === '/moved') return res.writeHead(301, { location: '/rules.json' }).end();
        if (req.url === '/away') return res.writeHead(302, { location: `${otherBase}/x` }).end();
        res.writeHead(200).end(body);
      };
      const url = new URL(`${base}/moved`);
      url.username = 'rules';
      url.password = 'pw';
      const moved = await fetchRuleSource(url.toString());
      expect(moved.ok).toBe(true);
      expect(auth).toEqual([expect.stringMatching(/^Basic /), expect.stringMatching(/^Basic /)]);
      url.pathname = '/away';
      const away = await fetchRuleSource(url.toString());
      expect(!away.ok && [away.error.code, away.error.retryable]).toEqual([
        'RULES_SOURCE_REDIRECT_REFUSED',
        false,
      ]);
      expect(!away.ok && away.error.message).toContain(`redirect to ${otherBase} not followed`);
      expect(elsewhere).toEqual([]);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('times out on a server that never answers', async () => {
    handler = () => undefined;
    const result = await fetchRuleSource(`${base}/slow`, { timeoutMs: 150 });
    expect(!result.ok && [result.error.code, result.error.retryable]).toEqual([
      'RULES_SOURCE_TIMEOUT',
      true,
    ]);
  });

  it('types HTTP errors, invalid rule sets, bad URLs and unreachable hosts', async () => {
    handler = (_req, res) => res.writeHead(503).end('down');
    const down = await fetchRuleSource(`${base}/x`);
    expect(!down.ok && [down.error.code, down.error.retryable]).toEqual([
      'RULES_SOURCE_HTTP_STATUS',
      true,
    ]);
    handler = (_req, res) => res.writeHead(200).end(JSON.stringify({ name: 'x' }));
    const invalid = await fetchRuleSource(`${base}/x`);
    expect(!invalid.ok && [invalid.error.code, invalid.error.retryable]).toEqual([
      'RULES_SOURCE_INVALID',
      false,
    ]);
    const ftp = await fetchRuleSource('ftp://example.org/rules.json');
    expect(!ftp.ok && ftp.error.code).toBe('RULES_SOURCE_BAD_URL');
    const closed = await fetchRuleSource('http://127.0.0.1:1/rules.json', { timeoutMs: 2000 });
    expect(!closed.ok && closed.error.code).toBe('RULES_SOURCE_UNREACHABLE');
  });

  it('sends URL credentials as Basic auth and keeps them and query tokens out of errors', async () => {
    let auth: string | undefined;
    handler = (req, res) => {
      auth = req.headers.authorization;
      res.writeHead(404).end();
    };
    const port = new URL(base).port;
    const result = await fetchRuleSource(`http://user:secret@127.0.0.1:${port}/r?token=abc`);
    expect(auth).toBe(`Basic ${Buffer.from('user:secret').toString('base64')}`);
    expect(!result.ok && result.error.message).toBe(
      `http://127.0.0.1:${port}/r: answered HTTP 404`,
    );
  });
});
