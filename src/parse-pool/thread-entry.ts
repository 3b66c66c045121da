/**
 * Where the parse thread's code is. The service runs compiled JS (dist/…/parse-thread.js);
 * tests and `npm run dev` run the TypeScript sources, where a worker thread inherits no
 * loader (neither vitest's transform nor `--import tsx` in execArgv took effect in a worker
 * on Node 20): the thread is then a one-line script that loads parse-thread.ts with tsx's
 * tsImport, a devDependency present wherever the sources run.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface ThreadEntry {
  /** A module URL, or the source of a script when `evalScript` is true. */
  script: URL | string;
  evalScript?: boolean;
}

export function parseThreadEntry(moduleUrl: string = import.meta.url): ThreadEntry {
  if (!moduleUrl.endsWith('.ts')) return { script: new URL('./parse-thread.js', moduleUrl) };
  const thread = new URL('./parse-thread.ts', moduleUrl).href;
  // The ESM build of tsx's API (createRequire resolves the CommonJS one beside it).
  const api = createRequire(moduleUrl)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const load = `import(${JSON.stringify(pathToFileURL(api).href)})`;
  return {
    script: `${load}.then((tsx) => tsx.tsImport(${JSON.stringify(thread)}, ${JSON.stringify(thread)}));`,
    evalScript: true,
  };
}
