import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSameHost } from '../../src/core/fetch-same-host.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

async function startServer(handler: Handler) {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      hits.push(`${request.method} ${request.url}`);
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, base: `http://127.0.0.1:${port}`, hits, close: () => server.close() };
}

const redirect = (response: ServerResponse, status: number, location: string) => {
  response.writeHead(status, { location });
  response.end();
};

describe('fetchSameHost', () => {
  let other: Awaited<ReturnType<typeof startServer>>;
  let origin: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    // "Another host": a second server (another port) that must never be reached.
    other = await startServer((_request, _body, response) => response.end('secret'));
    origin = await startServer((request, body, response) => {
      const path = request.url ?? '';
      if (path === '/same') return redirect(response, 302, '/final');
      if (path === '/final') return response.end(`final ${request.method} ${body}`);
      if (path === '/other') return redirect(response, 302, `${other.base}/steal`);
      if (path === '/other-307') return redirect(response, 307, `${other.base}/steal`);
      if (path === '/by-name')
        return redirect(response, 301, `http://localhost:${origin.port}/final`);
      if (path === '/file') return redirect(response, 302, 'file:///etc/passwd');
      if (path === '/loop') return redirect(response, 302, '/loop');
      if (path === '/post-307') return redirect(response, 307, '/final');
      if (path === '/post-302') return redirect(response, 302, '/final');
      if (path === '/garbage') return redirect(response, 302, 'http://[::1');
      response.statusCode = 404;
      response.end();
    });
  });
  afterAll(() => {
    other.close();
    origin.close();
  });

  it('follows a redirect on the same host', async () => {
    const { response, refused } = await fetchSameHost(`${origin.base}/same`);
    expect(refused).toBeUndefined();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('final GET ');
  });

  it.each([
    ['/other', 'another host'],
    ['/other-307', 'another host'],
    ['/by-name', 'another host'],
    ['/file', 'file: is not http(s)'],
    ['/loop', 'more than 5 redirects'],
    ['/garbage', 'Location is not a URL'],
  ])('refuses %s (%s) and never reaches the other host', async (path, reason) => {
    const { response, refused } = await fetchSameHost(`${origin.base}${path}`);
    expect(refused?.reason).toBe(reason);
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(refused?.to).not.toMatch(/steal|final/);
    expect(other.hits).toEqual([]);
  });

  it('re-sends a POST on a same-host 307, and refuses a 302 that would make it a GET', async () => {
    const init = {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    };
    const kept = await fetchSameHost(`${origin.base}/post-307`, init);
    expect(await kept.response.text()).toBe('final POST {"a":1}');
    const refused = await fetchSameHost(`${origin.base}/post-302`, init);
    expect(refused.refused?.reason).toBe('a 302 would turn the POST into a GET');
    expect(origin.hits.filter((hit) => hit === 'GET /final')).toHaveLength(1);
  });

  it('takes the http to https upgrade of the same host, never https to http', async () => {
    const seen: string[] = [];
    const fake = (async (input: string | URL | Request) => {
      const url = String(input);
      seen.push(url);
      if (url === 'http://rules.example/a') return redirectTo('https://rules.example/a');
      if (url === 'https://rules.example/a') return redirectTo('http://rules.example/b');
      if (url === 'https://rules.example:8443/c') return redirectTo('https://rules.example/c');
      return new Response('unexpected');
    }) as typeof fetch;
    const downgrade = await fetchSameHost('http://rules.example/a', {}, { fetch: fake });
    expect(downgrade.refused).toEqual({ to: 'http://rules.example', reason: 'https to http' });
    const port = await fetchSameHost('https://rules.example:8443/c', {}, { fetch: fake });
    expect(port.refused?.reason).toBe('another host');
    expect(seen).toEqual([
      'http://rules.example/a',
      'https://rules.example/a',
      'https://rules.example:8443/c',
    ]);
  });
});

function redirectTo(location: string): Response {
  return new Response(null, { status: 302, headers: { location } });
}
