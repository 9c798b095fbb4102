/**
 * Starting the pool's worker thread. Compiled code (`dist/`) uses core's `startWorker`. From `.ts`
 * sources (vitest, tsx) the worker registers tsx itself before importing `worker.ts`: under vitest
 * the `--import tsx` that `startWorker` passes is not applied to a worker's entry module
 * ("Unknown file extension .ts"). The models layer's forest workers do the same.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startWorker } from '../core/index.js';

/** The file URL of tsx's ESM `register()` API. */
function tsxApiUrl(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: { './esm/api': { import: { default: string } } } };
  return pathToFileURL(path.join(path.dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
}

/** Starts one pool worker (`worker.ts`/`worker.js` beside this module). */
export function startPoolWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return startWorker(import.meta.url, 'worker');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true });
}
