/**
 * Locating worker-thread entry points. Compiled code (`dist/`) starts `.js` workers directly. From
 * `.ts` sources (vitest, tsx) the worker registers tsx itself before importing its `.ts` entry:
 * Node 20 does not apply an inherited `--import tsx` to a worker's entry module under vitest
 * ("Unknown file extension .ts").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

let tsxApi: string | undefined;

/** The file URL of tsx's ESM `register()` API (resolved once). */
function tsxApiUrl(): string {
  if (tsxApi === undefined) {
    const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: { './esm/api': { import: { default: string } } } };
    tsxApi = pathToFileURL(path.join(path.dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
  }
  return tsxApi;
}

/** Starts the worker module `name` (without extension) that sits beside `importMetaUrl`. */
export function startWorker(importMetaUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!importMetaUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, importMetaUrl), options);
  const entry = new URL(`./${name}.ts`, importMetaUrl).href;
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { ...options, eval: true });
}
