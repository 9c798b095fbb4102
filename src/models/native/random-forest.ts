/**
 * The native `random-forest` engine: bootstrap-aggregated CART trees (scikit-learn's
 * RandomForestClassifier) on one shared pre-binned matrix, built on worker threads when `n_jobs > 1`.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { JsonObject, Matrix, Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import { invalidInput, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator } from '../estimator.js';
import { binMatrix } from './tree/binning.js';
import { addTreeProba, leafOfBinnedRow, treeFromJSON, treeToJSON, type CompactTree } from './tree/compact.js';
import { buildForest, type ForestConfig } from './tree/forest.js';
import { classWeightsFor, resolveGrowOptions } from './tree/options.js';
import { DEFAULT_SEED, forestClassWeightSchema, maxFeaturesSchema, treeShape } from './tree/params.js';

/** Hyperparameters of the native random forest (scikit-learn's names and defaults, plus `max_bins`). */
export const randomForestSchema = z.strictObject({
  n_estimators: z.number().int().gte(1).default(100).describe('number of trees'),
  ...treeShape,
  max_features: maxFeaturesSchema('sqrt'),
  bootstrap: z.boolean().default(true).describe('draw a bootstrap sample for each tree'),
  max_samples: z
    .union([z.null(), z.number().int().gte(1), z.number().gt(0).lt(1)])
    .default(null)
    .describe('bootstrap sample size: null = all rows, an int count, or a fraction (0, 1)'),
  oob_score: z.boolean().default(false).describe('compute the out-of-bag accuracy `oob_score_` (needs bootstrap)'),
  class_weight: forestClassWeightSchema,
  n_jobs: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe('worker threads building trees: null = 1 (this thread), -1 = all cores; the trees are the same either way, and small forests (rows × trees under a million) stay on this thread'),
});

/** Parsed random-forest params. */
export type RandomForestParams = z.output<typeof randomForestSchema>;

/** Forests with fewer rows × trees than this are built on the calling thread whatever `n_jobs` says. */
export const MIN_PARALLEL_ROWS_TREES = 1_000_000;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: false, needsScaling: false };

/** scikit-learn's `n_jobs`: null → 1, -1 → all cores, -2 → all but one, … */
export function resolveJobs(nJobs: number | null): number {
  if (nJobs === null || nJobs === 0) return 1;
  if (nJobs > 0) return nJobs;
  return Math.max(1, availableParallelism() + 1 + nJobs);
}

/**
 * A random forest classifier. Randomness comes only from `random_state` (the fixed seed 0 when
 * null): tree `i` uses `Random.derive(seed, 'tree', i)` for its bootstrap sample and feature draws.
 */
export class NativeRandomForest extends BaseClassifier<RandomForestParams> {
  /** The fitted trees. */
  estimators_: CompactTree[] | undefined = undefined;
  /** Mean of the trees' normalized impurity-decrease importances, renormalized (scikit-learn's). */
  featureImportances_: Float64Array | undefined = undefined;
  /** Out-of-bag accuracy (when `oob_score: true`). */
  oobScore_: number | undefined = undefined;
  /** Threads the last fit built trees on (1 = the calling thread; not saved). */
  jobsUsed_: number | undefined = undefined;

  constructor(params: Params = {}) {
    super('random-forest', 'native', randomForestSchema as unknown as z.ZodType<RandomForestParams>, params, TAGS);
  }

  protected async fitImpl(X: Matrix, y: EncodedLabels, params: RandomForestParams): Promise<void> {
    this.estimators_ = undefined;
    this.featureImportances_ = undefined;
    this.oobScore_ = undefined;
    const { rows: n, cols: p } = X;
    const K = y.classes.length;
    if (!params.bootstrap && params.max_samples !== null) {
      throw invalidInput(this.algorithm, 'max_samples needs bootstrap: true', 'drop max_samples or set bootstrap: true');
    }
    if (!params.bootstrap && params.oob_score) {
      throw invalidInput(this.algorithm, 'oob_score needs bootstrap: true', 'drop oob_score or set bootstrap: true');
    }
    let nDraws = n;
    if (params.max_samples !== null) {
      if (Number.isInteger(params.max_samples)) {
        if (params.max_samples > n) throw invalidInput(this.algorithm, `max_samples is ${params.max_samples} but X has only ${n} rows`);
        nDraws = params.max_samples;
      } else nDraws = Math.max(1, Math.round(n * params.max_samples));
    }
    // Starting a worker costs about 0.1 s; a small forest is built sooner on this thread.
    const asked = resolveJobs(params.n_jobs);
    const cores = availableParallelism();
    // More threads than cores only adds memory and switching (n_jobs: 1000 started 111 threads).
    if (asked > cores) this.fitNotes_.push(`${this.algorithm}: n_jobs ${asked} capped at the ${cores} available cores`);
    const jobs = n * params.n_estimators < MIN_PARALLEL_ROWS_TREES ? 1 : Math.min(asked, cores, params.n_estimators);
    const data = binMatrix(X.data, n, p, params.max_bins, jobs > 1);
    const balancedSubsample = params.class_weight === 'balanced_subsample';
    const baseWeight = balancedSubsample ? null : classWeightsFor(this.algorithm, params.class_weight, y.classes, y.codes);
    const config: ForestConfig = {
      seed: params.random_state ?? DEFAULT_SEED,
      nClasses: K,
      options: resolveGrowOptions(params, n, p),
      bootstrap: params.bootstrap,
      nDraws,
      balancedSubsample,
      oob: params.oob_score,
    };
    let yCodes = y.codes;
    if (jobs > 1) {
      yCodes = new Int32Array(new SharedArrayBuffer(n * 4));
      yCodes.set(y.codes);
    }
    const built = await buildForest({ data, y: yCodes, baseWeight, config }, params.n_estimators, jobs);
    this.jobsUsed_ = jobs;
    // Importances: mean over trees with more than one node, renormalized.
    const importances = new Float64Array(p);
    let used = 0;
    for (const b of built) {
      if (b.nodeCount <= 1) continue;
      used++;
      for (let f = 0; f < p; f++) importances[f]! += b.importances[f]!;
    }
    let total = 0;
    for (let f = 0; f < p; f++) total += used > 0 ? (importances[f] = importances[f]! / used) : 0;
    if (total > 0) for (let f = 0; f < p; f++) importances[f] = importances[f]! / total;
    if (params.oob_score) this.oobScore_ = oobAccuracy(built.map((b) => ({ tree: b.tree, mask: b.oobMask! })), data.bins, n, y.codes, K);
    this.estimators_ = built.map((b) => {
      delete b.tree.binThreshold;
      return b.tree;
    });
    this.featureImportances_ = importances;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const trees = this.estimators_!;
    const K = this.classes_!.length;
    const out = new Float64Array(X.rows * K);
    // Blocks of rows stay in cache while every tree walks them; each row still sums trees in order.
    const BLOCK = 128;
    for (let r0 = 0; r0 < X.rows; r0 += BLOCK) {
      const r1 = Math.min(X.rows, r0 + BLOCK);
      const xb = X.data.subarray(r0 * X.cols, r1 * X.cols);
      const ob = out.subarray(r0 * K, r1 * K);
      for (const tree of trees) addTreeProba(tree, xb, r1 - r0, X.cols, ob, 1);
    }
    const inv = trees.length;
    for (let k = 0; k < out.length; k++) out[k] = out[k]! / inv;
    return { data: out, rows: X.rows, cols: K };
  }

  protected state(): JsonObject {
    const json: JsonObject = {
      trees: this.estimators_!.map(treeToJSON),
      feature_importances: encodeTypedArray(this.featureImportances_!),
    };
    if (this.oobScore_ !== undefined) json['oob_score'] = this.oobScore_;
    return json;
  }

  /** Restores a fitted forest from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeRandomForest {
    const est = new NativeRandomForest(json.params);
    est.restoreBase(json);
    est.estimators_ = (json.state['trees'] as JsonObject[]).map(treeFromJSON);
    est.featureImportances_ = decodeTypedArray(json.state['feature_importances'] as string, Float64Array);
    const oob = json.state['oob_score'];
    if (typeof oob === 'number') est.oobScore_ = oob;
    return est;
  }
}

/**
 * scikit-learn's out-of-bag accuracy: each row's class probabilities averaged over the trees that
 * did not draw it, argmax (class 0 for a row every tree drew, as scikit-learn), compared with y.
 */
function oobAccuracy(trees: Array<{ tree: CompactTree; mask: Uint8Array }>, bins: ArrayLike<number>, n: number, y: Int32Array, K: number): number {
  const sum = new Float64Array(n * K);
  for (const { tree, mask } of trees) {
    for (let r = 0; r < n; r++) {
      if (mask[r] === 0) continue;
      const leaf = leafOfBinnedRow(tree, bins, n, r);
      for (let c = 0; c < K; c++) sum[r * K + c]! += tree.proba[leaf * K + c]!;
    }
  }
  let correct = 0;
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (sum[r * K + c]! > sum[r * K + best]!) best = c;
    if (best === y[r]) correct++;
  }
  return correct / n;
}

/** The native engine of `random-forest`. */
export const nativeRandomForest: EngineImplementation = {
  create: (params) => new NativeRandomForest(params),
  load: (json) => NativeRandomForest.fromJSON(json),
  paramsSchema: randomForestSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
