/**
 * Locating worker-thread entry points. Compiled code (`dist/`) starts `.js` workers directly;
 * source code run by vitest or tsx (`src/*.ts`) starts `.ts` workers through tsx's loader.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts the worker module `name` (without extension) that sits beside `importMetaUrl`. */
export function startWorker(importMetaUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = importMetaUrl.endsWith('.ts');
  const url = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, importMetaUrl);
  const execArgv = fromSource ? [...(options.execArgv ?? []), '--import', 'tsx'] : options.execArgv;
  return new Worker(url, { ...options, ...(execArgv === undefined ? {} : { execArgv }) });
}
