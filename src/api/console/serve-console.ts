/**
 * The staff console: static ES modules, HTML and CSS under assets/, read once at start and
 * served at `/` and `/console/…`. The routes are public (route-scopes.ts): the page holds no
 * data; every call it makes goes to /api with the token the user typed, as a Bearer header.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  ADDRESS_STATUSES,
  CATEGORIES,
  CHANNELS,
  FAILURE_TYPES,
  QUALIFICATION_STATUSES,
  REASONS,
} from '../../core/vocabulary.js';
import { routeDoc } from '../openapi/route-doc.js';

/** Beside this module in src/ and, copied by `npm run build`, in dist/. */
export const CONSOLE_ASSETS_DIR = fileURLToPath(new URL('./assets', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** No inline script, no other origin: a text injected into a page cannot run or call out. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

interface Asset {
  type: string;
  body: Buffer;
}

/** Every file under `dir` by its URL path (`pages/qualify.js`). */
export function loadConsoleAssets(dir: string = CONSOLE_ASSETS_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (TYPES[extname(entry.name)])
        assets.set(relative(dir, path).split(sep).join('/'), {
          type: TYPES[extname(entry.name)]!,
          body: readFileSync(path),
        });
    }
  };
  walk(dir);
  // The product's words, from their one home, so the pages never keep a copy.
  const vocabulary = {
    statuses: ADDRESS_STATUSES,
    channels: CHANNELS,
    types: FAILURE_TYPES,
    qualificationStatuses: QUALIFICATION_STATUSES,
    reasons: REASONS,
    categories: CATEGORIES,
  };
  assets.set('vocabulary.json', {
    type: TYPES['.json']!,
    body: Buffer.from(JSON.stringify(vocabulary)),
  });
  return assets;
}

let loaded: Map<string, Asset> | undefined;
const consoleAssets = () => (loaded ??= loadConsoleAssets());

/** The API reference page (/api/docs): static, under the console's CSP; its script reads /api/openapi.json. */
export function serveDocsPage(reply: FastifyReply) {
  const page = consoleAssets().get('api-docs.html');
  if (!page) throw new Error(`console: api-docs.html missing in ${CONSOLE_ASSETS_DIR}`);
  return reply.headers(SECURITY_HEADERS).type(page.type).send(page.body);
}

export function registerConsoleRoutes(app: FastifyInstance): void {
  const assets = consoleAssets();
  const index = assets.get('index.html');
  if (!index) throw new Error(`console: index.html missing in ${CONSOLE_ASSETS_DIR}`);
  const schema = (summary: string) =>
    routeDoc({ tags: ['console'], summary, responses: { 200: 'The file', 404: 'No such file' } });
  app.get('/', { schema: schema('The staff console (HTML)') }, async (_request, reply) =>
    reply.headers(SECURITY_HEADERS).type(index.type).send(index.body),
  );
  app.get<{ Params: { '*': string } }>(
    '/console/*',
    { schema: schema("The console's scripts and styles") },
    async (request, reply) => {
      const asset = assets.get(request.params['*']);
      if (!asset)
        return reply.code(404).send({ error: 'API_NOT_FOUND', message: 'no such console file' });
      return reply.headers(SECURITY_HEADERS).type(asset.type).send(asset.body);
    },
  );
}
