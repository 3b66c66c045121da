import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/api/server.js';
import type { ApiContext } from '../../../src/api/context.js';

// Every route the server can register (rules and intake included); handlers never run here.
const context = {
  readiness: {},
  rules: {},
  acceptMessage: async () => ({ spoolId: 1, duplicate: false }),
} as unknown as ApiContext;

interface Operation {
  summary?: string;
  tags?: string[];
  responses?: Record<string, unknown>;
  security?: unknown[];
}

async function documentAndRoutes() {
  const { app, routes } = buildHttpApp({ logger: pino({ level: 'silent' }) }, context);
  await app.ready();
  const response = await app.inject('/api/openapi.json');
  await app.close();
  expect(response.statusCode).toBe(200);
  const doc = response.json() as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
  };
  return { doc, routes };
}

/** `GET /api/holds/:id` → the document's `get /api/holds/{id}`. */
function documentKey(route: string): string {
  const [method, url] = route.split(' ') as [string, string];
  return `${method.toLowerCase()} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}')}`;
}

/** The routes in the first column of README.md's "## HTTP API" table. */
function readmeRoutes(): string[] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## HTTP API$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => /^\| `([A-Z]+ \/[^`]*)`/.exec(line)?.[1] ?? `unreadable row: ${line}`);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents every registered route with its method', async () => {
    const { doc, routes } = await documentAndRoutes();
    expect(doc.openapi).toBe('3.1.0');
    expect(routes.length).toBeGreaterThan(30);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method} ${path}`),
      ),
    );
    const missing = routes.map(documentKey).filter((key) => !documented.has(key));
    expect(missing, 'give these routes a schema: routeDoc({...})').toEqual([]);
    const extra = [...documented].filter(
      (key) => !routes.map(documentKey).includes(key) && !key.startsWith('head '),
    );
    expect(extra).toEqual([]);
  });

  it('gives every operation a tag, a summary, its answers and its security', async () => {
    const { doc } = await documentAndRoutes();
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method} ${path}`;
        expect(operation.tags?.length, where).toBeGreaterThan(0);
        expect(operation.summary, where).toBeTruthy();
        expect(Object.keys(operation.responses ?? {}).length, where).toBeGreaterThan(0);
        expect(operation.security, where).toBeDefined();
      }
  });

  it('takes parameters from the zod schema the handler parses with', async () => {
    const { doc } = await documentAndRoutes();
    const list = doc.paths['/api/messages']?.get as { parameters?: Array<{ name: string }> };
    expect(list.parameters?.map((p) => p.name).sort()).toEqual(['cursor', 'limit', 'state']);
    const events = doc.paths['/api/events']?.post as {
      requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
    };
    expect(events.requestBody?.content['application/json']?.schema.required).toEqual(['events']);
  });

  it('serves the page for people under the console CSP, with no inline script', async () => {
    const { app } = buildHttpApp({ logger: pino({ level: 'silent' }) }, context);
    const page = await app.inject('/api/docs');
    const script = await app.inject('/console/api-docs.js');
    await app.close();
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script type="module" src="/console/api-docs.js"></script>');
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('/api/openapi.json');
  });

  it("matches README.md's route table, row for row", async () => {
    const { routes } = await documentAndRoutes();
    const listed = readmeRoutes();
    expect(
      listed.filter((route) => !routes.includes(route)),
      'in README, not in code',
    ).toEqual([]);
    expect(
      routes.filter((route) => !listed.includes(route)),
      'in code, not in README',
    ).toEqual([]);
    expect(new Set(listed).size, 'listed twice').toBe(listed.length);
  });
});
