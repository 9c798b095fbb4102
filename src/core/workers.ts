/**
 * Locating worker-thread entry points. Compiled code (`dist/`) starts `.js` workers directly. From
 * `.ts` sources (vitest, tsx) the worker registers tsx itself before importing its `.ts` entry:
 * Node 20 does not apply an inherited `--import tsx` to a worker's entry module under vitest
 * ("Unknown file extension .ts").
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** Options of `forkWorker`. */
export interface ForkOptions {
  /** V8 old-space limit of the child, in MiB (`--max-old-space-size`). */
  maxOldSpaceMb?: number;
}

/**
 * Forks the worker module `name` (without extension) beside `importMetaUrl` as a child process
 * with an IPC channel (structured-clone serialization). From `.ts` sources the child loads tsx.
 * A fatal error in the child (V8 out of memory, an invalid array size, a native crash) ends only
 * the child.
 */
export function forkWorker(importMetaUrl: string, name: string, options: ForkOptions = {}): ChildProcess {
  const ts = importMetaUrl.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./${name}.${ts ? 'ts' : 'js'}`, importMetaUrl));
  const execArgv = [
    ...(ts ? ['--import', tsxEsmUrl()] : []),
    ...(options.maxOldSpaceMb === undefined ? [] : [`--max-old-space-size=${Math.max(16, Math.floor(options.maxOldSpaceMb))}`]),
  ];
  return fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
}

let tsxEsm: string | undefined;

/** The file URL of tsx's ESM loader entry (`tsx/esm`, for `--import`). */
function tsxEsmUrl(): string {
  tsxEsm ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  return tsxEsm;
}
