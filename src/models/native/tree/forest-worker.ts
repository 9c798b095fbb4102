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
    const built = buildForestTree(inputs, msg.tree, scratch!);
    const t = built.tree;
    const transfer = [t.left.buffer, t.right.buffer, t.feature.buffer, t.threshold.buffer, t.proba.buffer, built.importances.buffer];
    if (t.binThreshold !== undefined) transfer.push(t.binThreshold.buffer);
    if (built.oobMask !== null) transfer.push(built.oobMask.buffer);
    parentPort!.postMessage({ tree: msg.tree, built }, transfer as ArrayBuffer[]);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
