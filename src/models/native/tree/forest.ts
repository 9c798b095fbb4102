/**
 * Building the trees of a random forest, on this thread or on worker threads. The binned matrix
 * lives in a SharedArrayBuffer that every worker reads without a copy; tree `i` draws everything
 * from `Random.derive(seed, 'tree', i)`, so the forest is the same whatever the number of workers.
 */
import type { Worker } from 'node:worker_threads';
import { Random, startWorker } from '../../../core/index.js';
import type { BinArray, BinnedData } from './binning.js';
import { compactTree, featureImportances, pruneTree, type CompactTree } from './compact.js';
import { GrowScratch, growTree, type GrowOptions } from './grow.js';

/** What every tree of a forest shares (JSON/structured-clone safe; typed arrays may be shared). */
export interface ForestConfig {
  seed: number;
  nClasses: number;
  options: GrowOptions;
  bootstrap: boolean;
  /** Draws per bootstrap sample. */
  nDraws: number;
  /** Recompute 'balanced' class weights on each bootstrap sample. */
  balancedSubsample: boolean;
  /** Return the out-of-bag mask of each tree. */
  oob: boolean;
}

/** The shared inputs of forest building. */
export interface ForestInputs {
  data: BinnedData;
  /** Class codes. */
  y: Int32Array;
  /** Per-sample weights from `class_weight` (null = ones). */
  baseWeight: Float64Array | null;
  config: ForestConfig;
}

/** One built tree with its importances and (when asked) its out-of-bag rows. */
export interface BuiltTree {
  tree: CompactTree;
  importances: Float64Array;
  /** Number of nodes before compaction (importances are skipped for a single leaf, as scikit-learn). */
  nodeCount: number;
  /** 1 where the row was not drawn into this tree's bootstrap sample. */
  oobMask: Uint8Array | null;
}

/** Builds tree `i` of the forest (`scratch`: this thread's working arrays, reused across trees). */
export function buildForestTree(inputs: ForestInputs, i: number, scratch: GrowScratch): BuiltTree {
  const { data, y, baseWeight, config } = inputs;
  const n = data.n;
  const rng = Random.derive(config.seed, 'tree', i);
  let weight = baseWeight;
  let oobMask: Uint8Array | null = null;
  if (config.bootstrap) {
    const counts = new Int32Array(n);
    for (let d = 0; d < config.nDraws; d++) counts[rng.randint(n)]!++;
    weight = new Float64Array(n);
    if (config.balancedSubsample) {
      const K = config.nClasses;
      const bincount = new Float64Array(K);
      for (let r = 0; r < n; r++) bincount[y[r]!]! += counts[r]!;
      let present = 0;
      for (let c = 0; c < K; c++) if (bincount[c]! > 0) present++;
      for (let r = 0; r < n; r++) {
        const c = y[r]!;
        const cw = bincount[c]! > 0 ? config.nDraws / (present * bincount[c]!) : 0;
        weight[r] = counts[r]! * cw * (baseWeight === null ? 1 : baseWeight[r]!);
      }
    } else {
      for (let r = 0; r < n; r++) weight[r] = counts[r]! * (baseWeight === null ? 1 : baseWeight[r]!);
    }
    if (config.oob) {
      oobMask = new Uint8Array(n);
      for (let r = 0; r < n; r++) if (counts[r] === 0) oobMask[r] = 1;
    }
  } else if (config.balancedSubsample) {
    // Without bootstrap the "subsample" is every row: plain 'balanced'.
    const K = config.nClasses;
    const bincount = new Float64Array(K);
    for (let r = 0; r < n; r++) bincount[y[r]!]!++;
    let present = 0;
    for (let c = 0; c < K; c++) if (bincount[c]! > 0) present++;
    weight = new Float64Array(n);
    for (let r = 0; r < n; r++) weight[r] = (n / (present * bincount[y[r]!]!)) * (baseWeight === null ? 1 : baseWeight[r]!);
  }
  const rngForSplits = config.options.maxFeatures < data.p ? rng : null;
  let grown = growTree(data, y, config.nClasses, weight, config.options, rngForSplits, scratch);
  if (config.options.ccpAlpha > 0) grown = pruneTree(grown, config.options.ccpAlpha);
  return { tree: compactTree(grown), importances: featureImportances(grown, data.p), nodeCount: grown.nodeCount, oobMask };
}

/** Builds trees `0..nTrees-1` with `jobs` workers (this thread when `jobs <= 1`), in index order. */
export async function buildForest(inputs: ForestInputs, nTrees: number, jobs: number): Promise<BuiltTree[]> {
  if (jobs <= 1 || nTrees <= 1) {
    const out: BuiltTree[] = [];
    const scratch = new GrowScratch(inputs.data.n);
    for (let i = 0; i < nTrees; i++) out.push(buildForestTree(inputs, i, scratch));
    return out;
  }
  const results = new Array<BuiltTree | undefined>(nTrees);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(jobs, nTrees) }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = startWorker(import.meta.url, 'forest-worker');
          workers.push(worker);
          const send = (): void => {
            if (next >= nTrees) {
              resolve();
              return;
            }
            worker.postMessage({ tree: next++ });
          };
          worker.on('message', (msg: { tree: number; built: BuiltTree } | { error: string }) => {
            if ('error' in msg) {
              reject(new Error(`random-forest worker failed: ${msg.error}`));
              return;
            }
            results[msg.tree] = msg.built;
            send();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`random-forest worker exited with code ${code}`));
          });
          // Shared arrays (bins, labels) reach the worker without a copy.
          worker.postMessage({ init: inputs });
          send();
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.map((r, i) => {
    if (r === undefined) throw new Error(`random-forest: tree ${i} was not built`);
    return r;
  });
}
