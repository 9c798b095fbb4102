/**
 * The sequential runner: every node on the main thread, one at a time, in topological order.
 * The reference the other runners must match; memory datasets and plain functions just work.
 */
import type { Catalog } from '../catalog/index.js';
import type { Pipeline } from '../pipeline/index.js';
import { runInline, TemplateRunner, type Executor, type RunnerTags, type RunOptions } from './runner.js';

/** Runs nodes one by one on the main thread with their own `fn` (no `ref` needed). */
export class SequentialRunner extends TemplateRunner {
  readonly name = 'sequential';
  readonly tags: RunnerTags = { inProcess: true, remote: false };

  protected open(_pipeline: Pipeline, catalog: Catalog, _options: RunOptions): Executor {
    return {
      lanes: [1],
      laneOf: () => 0,
      workerOf: () => null,
      start: (node) => runInline(node, catalog),
      interrupt: () => {}, // a node on the main thread cannot be stopped; the run waits for it
      close: async () => {},
    };
  }
}

/** Registry factory: `runners.get('sequential')(options)`. */
export function sequential(options: RunOptions = {}): SequentialRunner {
  return new SequentialRunner(options);
}
