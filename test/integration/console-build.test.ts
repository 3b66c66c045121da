/**
 * tsc copies no HTML, JS or CSS: `npm run build` must put the console's assets beside the
 * compiled module in dist/, where it reads them at start.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConsoleAssets } from '../../src/api/console/serve-console.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('console in the build output', () => {
  it('npm run build copies every console asset to where dist/ serves them from', async () => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
    const built = (await import(
      pathToFileURL(`${root}/dist/api/console/serve-console.js`).href
    )) as typeof import('../../src/api/console/serve-console.js');
    expect(built.CONSOLE_ASSETS_DIR).toContain(`${root}/dist/`.replace(/\/+/g, '/'));
    const source = loadConsoleAssets();
    const copied = built.loadConsoleAssets();
    expect([...copied.keys()].sort()).toEqual([...source.keys()].sort());
    expect(copied.get('app.js')?.body.equals(source.get('app.js')!.body)).toBe(true);
    expect(source.has('index.html') && source.has('pages/qualify.js')).toBe(true);
  }, 240_000);
});
