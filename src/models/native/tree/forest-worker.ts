/** Worker-thread entry point: builds forest trees by index from the shared binned matrix. */
import { parentPort } from 'node:worker_threads';
import { buildForestTree, type ForestInputs, type WorkerInit } from './forest.js';

let inputs: ForestInputs | null = null;

parentPort?.on('message', (msg: { init: WorkerInit } | { tree: number }) => {
  try {
    if ('init' in msg) {
      inputs = msg.init;
      return;
    }
    if (inputs === null) throw new Error('tree requested before init');
    const built = buildForestTree(inputs, msg.tree);
    const t = built.tree;
    const transfer = [t.left.buffer, t.right.buffer, t.feature.buffer, t.threshold.buffer, t.proba.buffer, built.importances.buffer];
    if (t.binThreshold !== undefined) transfer.push(t.binThreshold.buffer);
    if (built.oobMask !== null) transfer.push(built.oobMask.buffer);
    parentPort!.postMessage({ tree: msg.tree, built }, transfer as ArrayBuffer[]);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
