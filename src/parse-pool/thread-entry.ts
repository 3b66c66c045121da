/**
 * Where the parse thread's code is. The service runs compiled JS (dist/…/parse-thread.js);
 * tests and `npm run dev` run the TypeScript sources, where the thread needs tsx's loader
 * to import parse-thread.ts (a worker does not inherit vitest's transform).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface ThreadEntry {
  url: URL;
  execArgv?: string[];
}

export function parseThreadEntry(moduleUrl: string = import.meta.url): ThreadEntry {
  if (!moduleUrl.endsWith('.ts')) return { url: new URL('./parse-thread.js', moduleUrl) };
  const url = new URL('./parse-thread.ts', moduleUrl);
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return { url };
  const tsx = pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href;
  return { url, execArgv: [...process.execArgv, '--import', tsx] };
}
