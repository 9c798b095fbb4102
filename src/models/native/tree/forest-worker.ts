/** Worker-thread entry point: builds forest trees by index from the shared binned matrix. */
import { parentPort } from 'node:worker_threads';
import { buildForestTree, type ForestInputs } from './forest.js';
import { GrowScratch } from './grow.js';

let inputs: ForestInputs | null = null;
let scratch: GrowScratch | null = null;

parentPort?.on('message', (msg: { init: ForestInputs } | { tree: number }) => {
  try {
    if ('init' in msg) {
      inputs = msg.init;
      scratch = new GrowScratch(inputs.data.n);
      return;
    }
    if (inputs === null) throw new Error('tree requested before init');
    // Copied, not transferred: a transfer detaches the worker's ArrayBuffers, and after the first
    // detach V8 checks every typed-array access in the thread, which made each later tree ~25 % slower.
    parentPort!.postMessage({ tree: msg.tree, built: buildForestTree(inputs, msg.tree, scratch!) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
