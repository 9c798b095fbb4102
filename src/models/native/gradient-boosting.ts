/**
 * The native `gradient-boosting` engine: histogram gradient boosting with log loss, as
 * scikit-learn's HistGradientBoostingClassifier (binary: one tree per iteration on the log-odds;
 * multinomial: one tree per class per iteration), with missing values, native categorical splits
 * and early stopping.
 */
import { z } from 'zod';
import { Random, takeRows, type JsonObject, type Label, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import { invalidInput, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator } from '../estimator.js';
import { availableParallelism } from 'node:os';
import { HistGrower, type HistData, type HistGrowOptions } from './boost/hist-grower.js';
import { HistTeam } from './boost/hist-team.js';
import { addTreeRaw, predictorFromJSON, predictorToJSON, toPredictorTree, type BinRanges, type PredictorTree } from './boost/predictor.js';
import { binCodes } from './tree/binning.js';
import { classWeightsFor } from './tree/options.js';
import { classWeightSchema, DEFAULT_SEED } from './tree/params.js';
import { resolveJobs } from './random-forest.js';

/** Fits with fewer training rows × features than this build histograms on this thread whatever `n_jobs` says. */
export const MIN_PARALLEL_CELLS = 50_000;

/** Hyperparameters (scikit-learn's names and defaults). */
export const gradientBoostingSchema = z.strictObject({
  learning_rate: z.number().gt(0).default(0.1).describe('shrinkage of each tree'),
  max_iter: z.number().int().gte(1).default(100).describe('boosting iterations at most (one tree per class per iteration when more than two classes)'),
  max_leaf_nodes: z.number().int().gte(2).nullable().default(31).describe('leaves per tree at most; null = unlimited'),
  max_depth: z.number().int().gte(1).nullable().default(null).describe('depth per tree at most; null = unlimited'),
  min_samples_leaf: z.number().int().gte(1).default(20).describe('rows per leaf at least'),
  l2_regularization: z.number().gte(0).default(0).describe('L2 penalty on leaf values: a leaf is −G/(H + l2)'),
  max_bins: z.number().int().gte(2).lte(255).default(255).describe('bins per feature for non-missing values (missing values get one more)'),
  categorical_features: z
    .union([z.literal('from_dtype'), z.null(), z.array(z.boolean()), z.array(z.number().int().gte(0))])
    .default('from_dtype')
    .describe(
      "which features are categories split natively: 'from_dtype' = the columns the dataset loader read as categorical (left unencoded for this algorithm), null = none, or a boolean mask / list of feature indices",
    ),
  class_weight: classWeightSchema,
  early_stopping: z
    .union([z.literal('auto'), z.boolean()])
    .default('auto')
    .describe("'auto' = on when there are more than 10,000 training rows"),
  scoring: z.enum(['loss', 'accuracy']).default('loss').describe('what early stopping watches'),
  validation_fraction: z
    .union([z.number().gt(0).lt(1), z.number().int().gte(1)])
    .nullable()
    .default(0.1)
    .describe('share (or count) of training rows held out for early stopping, stratified; null = score on the training rows'),
  n_iter_no_change: z.number().int().gte(1).default(10).describe('stop when the score has not improved by more than tol for this many iterations'),
  tol: z.number().gte(0).default(1e-7).describe('the smallest improvement that counts'),
  random_state: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe('seed of the early-stopping validation split; null = the fixed seed 0'),
  n_jobs: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe(
      'threads building histograms and finding splits, each on its own share of the features: null = 1 (this thread), -1 = all cores; capped at the cores; the model is the same bytes for any value, and small inputs (rows × features under 50,000) stay on this thread',
    ),
});

/** Parsed params. */
export type GradientBoostingParams = z.output<typeof gradientBoostingSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: true, deterministic: true, needsScaling: false, nativeCategorical: true };

/** scikit-learn's `min_hessian_to_split`. */
const MIN_HESSIAN_TO_SPLIT = 1e-3;
/** float64 epsilon: scikit-learn clips the baseline probability to [eps, 1 − eps]. */
const EPS = 2.220446049250313e-16;

/** The binned training matrix and how to read raw values back. */
interface Binned {
  data: HistData;
  ranges: BinRanges;
}

/** What the boosting loop starts from. */
interface BoostInputs {
  ytr: Int32Array;
  wtr: Float64Array | null;
  Xval: Matrix | null;
  yval: Int32Array | null;
  wval: Float64Array | null;
  /** Training raw predictions (rows × T), at the baseline. */
  raw: Float64Array;
  rawVal: Float64Array | null;
  baseline: Float64Array;
  options: HistGrowOptions;
  early: boolean;
  /** Trees per iteration. */
  T: number;
}

/**
 * Histogram gradient boosting for classification, as scikit-learn's HistGradientBoostingClassifier.
 *
 * Differences, on purpose: the early-stopping validation split is stratified with our seeded RNG
 * (scikit-learn's uses NumPy's), so early-stopped runs match in accuracy, not tree by tree;
 * `scoring: accuracy` scores the whole training set rather than a 10,000-row subsample; quantile
 * bin edges come from the tree engine's binning with scikit-learn's percentile midpoints, over every
 * row (scikit-learn subsamples 200,000 rows when there are more).
 */
export class NativeGradientBoosting extends BaseClassifier<GradientBoostingParams> {
  /** Trees, iteration-major: iteration m, class k is `estimators_[m * treesPerIteration + k]`. */
  estimators_: PredictorTree[] | undefined = undefined;
  /** The raw prediction before any tree (log-odds, or centred log-probabilities per class). */
  baselinePrediction_: Float64Array | undefined = undefined;
  /** Iterations fitted (fewer than `max_iter` when early stopping stopped). */
  nIter_: number | undefined = undefined;
  /** Scores early stopping saw, baseline first (negative log loss, or accuracy); empty without early stopping. */
  trainScore_: number[] = [];
  validationScore_: number[] = [];
  /** Whether early stopping was on in the last fit. */
  earlyStopping_ = false;
  /** Threads the last fit built histograms on (1 = the calling thread; not saved). */
  jobsUsed_: number | undefined = undefined;

  /** The iterations early stopping kept (`nIter_`), or null when it was off. */
  get earlyStoppingIteration_(): number | null {
    return this.earlyStopping_ && this.nIter_ !== undefined ? this.nIter_ : null;
  }

  constructor(params: Params = {}) {
    super('gradient-boosting', 'native', gradientBoostingSchema as unknown as z.ZodType<GradientBoostingParams>, params, TAGS);
  }

  /** One tree per iteration for two classes, one per class otherwise. */
  private get treesPerIteration(): number {
    const K = this.classes_?.length ?? 2;
    return K === 2 ? 1 : K;
  }

  protected async fitImpl(X: Matrix, y: EncodedLabels, params: GradientBoostingParams): Promise<void> {
    this.estimators_ = undefined;
    this.baselinePrediction_ = undefined;
    this.nIter_ = undefined;
    this.trainScore_ = [];
    this.validationScore_ = [];
    const K = y.classes.length;
    const T = K === 2 ? 1 : K;
    const categorical = this.categoricalMask(X, params.categorical_features);
    const sw = classWeightsFor(this.algorithm, params.class_weight, y.classes, y.codes);
    const early = params.early_stopping === 'auto' ? X.rows > 10_000 : params.early_stopping;
    this.earlyStopping_ = early;
    // Validation rows held out (stratified) when early stopping uses them.
    let trainRows: Int32Array | null = null;
    let valRows: Int32Array | null = null;
    if (early && params.validation_fraction !== null) {
      const split = stratifiedHoldout(y.codes, K, params.validation_fraction, params.random_state ?? DEFAULT_SEED);
      if (split === null) throw invalidInput(this.algorithm, `validation_fraction ${params.validation_fraction} leaves no rows to train or validate on`);
      [trainRows, valRows] = split;
    }
    // The training rows are binned straight from X (no float64 copy of them).
    const ytr = trainRows === null ? y.codes : takeCodes(y.codes, trainRows);
    const wtr = sw === null ? null : trainRows === null ? sw : takeWeights(sw, trainRows);
    const Xval = valRows === null ? null : takeRows(X, valRows);
    const yval = valRows === null ? null : takeCodes(y.codes, valRows);
    const wval = sw === null || valRows === null ? null : takeWeights(sw, valRows);
    const n = trainRows === null ? X.rows : trainRows.length;
    const asked = resolveJobs(params.n_jobs);
    const cores = availableParallelism();
    // More threads than cores only add memory and switching.
    if (asked > cores) this.fitNotes_.push(`${this.algorithm}: n_jobs ${asked} capped at the ${cores} available cores`);
    const jobs = n * X.cols < MIN_PARALLEL_CELLS ? 1 : Math.max(1, Math.min(asked, cores, X.cols));
    const binned = this.bin(X, trainRows, params.max_bins, categorical, jobs > 1);
    const baseline = baselineOf(ytr, wtr, K);
    const raw = new Float64Array(n * T);
    for (let i = 0; i < n; i++) for (let k = 0; k < T; k++) raw[i * T + k] = baseline[k]!;
    const rawVal = Xval === null ? null : new Float64Array(Xval.rows * T);
    if (rawVal !== null) for (let i = 0; i < Xval!.rows; i++) for (let k = 0; k < T; k++) rawVal[i * T + k] = baseline[k]!;
    const options: HistGrowOptions = {
      maxLeafNodes: params.max_leaf_nodes ?? Infinity,
      maxDepth: params.max_depth ?? Infinity,
      minSamplesLeaf: params.min_samples_leaf,
      l2: params.l2_regularization,
      minHessianToSplit: MIN_HESSIAN_TO_SPLIT,
      shrinkage: params.learning_rate,
    };
    const team = await HistTeam.start(binned.data, options, jobs, T);
    this.jobsUsed_ = jobs;
    try {
      this.boost(params, team, binned, { ytr, wtr, Xval, yval, wval, raw, rawVal, baseline, options, early, T });
    } finally {
      await team.close();
    }
  }

  /** The boosting iterations (sets the fitted state). */
  private boost(params: GradientBoostingParams, team: HistTeam, binned: Binned, fit: BoostInputs): void {
    const { ytr, wtr, Xval, yval, wval, raw, rawVal, baseline, options, early, T } = fit;
    const grower = new HistGrower(team);
    const { g, h } = team.arrays;
    const trees: PredictorTree[] = [];
    const score = (r: Float64Array, codes: Int32Array, w: Float64Array | null): number =>
      params.scoring === 'loss' ? -logLoss(r, codes, w, T) : accuracyOf(r, codes, T);
    const record = (): boolean => {
      this.trainScore_.push(score(raw, ytr, wtr));
      if (rawVal !== null) this.validationScore_.push(score(rawVal, yval!, wval));
      return shouldStop(rawVal !== null ? this.validationScore_ : this.trainScore_, params.n_iter_no_change, params.tol);
    };
    if (early) record();
    let iterations = 0;
    for (let m = 0; m < params.max_iter; m++) {
      gradients(raw, ytr, wtr, T, g, h);
      for (let k = 0; k < T; k++) {
        const tree = grower.grow(k, options, raw, T);
        const predictor = toPredictorTree(tree, binned.ranges);
        trees.push(predictor);
        if (rawVal !== null) addTreeRaw(predictor, Xval!.data, Xval!.rows, Xval!.cols, rawVal, T, k);
      }
      iterations = m + 1;
      if (early && record()) break;
    }
    this.estimators_ = trees;
    this.baselinePrediction_ = baseline;
    this.nIter_ = iterations;
  }

  /** Which features are categorical, from `categorical_features` and the matrix's own marks. */
  private categoricalMask(X: Matrix, spec: GradientBoostingParams['categorical_features']): Uint8Array {
    const p = X.cols;
    const mask = new Uint8Array(p);
    if (spec === null) return mask;
    if (spec === 'from_dtype') {
      const marks = X.categorical;
      if (marks !== undefined) marks.forEach((c, j) => (mask[j] = c ? 1 : 0));
      return mask;
    }
    if (spec.length > 0 && typeof spec[0] === 'boolean') {
      if (spec.length !== p) throw invalidInput(this.algorithm, `categorical_features has ${spec.length} entries but X has ${p} features`);
      (spec as boolean[]).forEach((c, j) => (mask[j] = c ? 1 : 0));
      return mask;
    }
    for (const j of spec as number[]) {
      if (j >= p) throw invalidInput(this.algorithm, `categorical_features names feature ${j}, but X has ${p} features`);
      mask[j] = 1;
    }
    return mask;
  }

  /** Bins the training rows (`rows` of X, or all); missing values get their own bin past the last. */
  private bin(X: Matrix, rows: Int32Array | null, maxBins: number, categorical: Uint8Array, shared: boolean): Binned {
    const p = X.cols;
    const n = rows === null ? X.rows : rows.length;
    const at = (i: number): number => (rows === null ? i : rows[i]!) * p;
    const hasMissing = new Uint8Array(p);
    for (let i = 0; i < n; i++) {
      const o = at(i);
      for (let j = 0; j < p; j++) if (X.data[o + j] !== X.data[o + j]) hasMissing[j] = 1;
    }
    for (let j = 0; j < p; j++) {
      if (categorical[j] !== 1) continue;
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) {
        const v = X.data[at(i) + j]!;
        if (v !== v) continue;
        if (v < 0 || !Number.isInteger(v)) {
          throw invalidInput(this.algorithm, `categorical feature ${featureName(X, j)} holds ${v} at row ${rows === null ? i : rows[i]!}; categories must be non-negative integer codes`, 'ordinal-encode the column, or leave it out of categorical_features');
        }
        seen.add(v);
      }
      if (seen.size > maxBins) {
        throw invalidInput(this.algorithm, `categorical feature ${featureName(X, j)} has ${seen.size} categories, more than max_bins (${maxBins})`, 'raise max_bins (at most 255), or treat the column as numeric');
      }
    }
    const codes = binCodes(X.data, n, p, maxBins, shared, { edges: 'percentile-midpoints', missing: true, ...(rows === null ? {} : { rows }) });
    const bins = codes.bins as Uint8Array;
    const nBins = new Int32Array(p);
    const slot = new Int32Array(p + 1);
    for (let f = 0; f < p; f++) {
      nBins[f] = codes.offsets[f + 1]! - codes.offsets[f]!;
      slot[f + 1] = slot[f]! + nBins[f]! + 1;
    }
    return {
      data: { n, p, bins, nBins, slot, slots: slot[p]!, hasMissing, categorical },
      ranges: { offsets: codes.offsets, lo: codes.lo, upper: codes.upper, nBins },
    };
  }

  /** Raw predictions (rows × trees per iteration) after the first `iterations` iterations. */
  rawPredict(X: Matrix, iterations?: number): Float64Array {
    const T = this.treesPerIteration;
    const trees = this.estimators_!;
    const end = Math.min(iterations ?? this.nIter_!, this.nIter_!) * T;
    const raw = new Float64Array(X.rows * T);
    for (let i = 0; i < X.rows; i++) for (let k = 0; k < T; k++) raw[i * T + k] = this.baselinePrediction_![k]!;
    for (let t = 0; t < end; t++) addTreeRaw(trees[t]!, X.data, X.rows, X.cols, raw, T, t % T);
    return raw;
  }

  /** Predicted labels after each iteration: scikit-learn's `staged_predict`. */
  *stagedPredict(X: Matrix): Generator<Label[]> {
    if (this.estimators_ === undefined) return;
    const T = this.treesPerIteration;
    const raw = new Float64Array(X.rows * T);
    for (let i = 0; i < X.rows; i++) for (let k = 0; k < T; k++) raw[i * T + k] = this.baselinePrediction_![k]!;
    for (let m = 0; m < this.nIter_!; m++) {
      for (let k = 0; k < T; k++) addTreeRaw(this.estimators_[m * T + k]!, X.data, X.rows, X.cols, raw, T, k);
      const codes = codesOf(raw, X.rows, T);
      yield Array.from(codes, (c) => this.classes_![c]!);
    }
  }

  protected override predictCodes(X: Matrix): Int32Array {
    return codesOf(this.rawPredict(X), X.rows, this.treesPerIteration);
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const T = this.treesPerIteration;
    const raw = this.rawPredict(X);
    const K = this.classes_!.length;
    const out = new Float64Array(X.rows * K);
    for (let i = 0; i < X.rows; i++) {
      if (T === 1) {
        const p1 = expit(raw[i]!);
        out[2 * i] = 1 - p1;
        out[2 * i + 1] = p1;
      } else softmaxInto(raw, i * K, K, out, i * K);
    }
    return { data: out, rows: X.rows, cols: K };
  }

  protected state(): JsonObject {
    return {
      n_iter: this.nIter_!,
      baseline_prediction: Array.from(this.baselinePrediction_!),
      train_score: this.trainScore_,
      validation_score: this.validationScore_,
      early_stopping: this.earlyStopping_,
      estimators: this.estimators_!.map(predictorToJSON),
    };
  }

  /** Restores a fitted model from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeGradientBoosting {
    const est = new NativeGradientBoosting(json.params);
    est.restoreBase(json);
    const s = json.state;
    est.nIter_ = s['n_iter'] as number;
    est.baselinePrediction_ = Float64Array.from(s['baseline_prediction'] as number[]);
    est.trainScore_ = s['train_score'] as number[];
    est.validationScore_ = s['validation_score'] as number[];
    est.earlyStopping_ = s['early_stopping'] as boolean;
    est.estimators_ = (s['estimators'] as JsonObject[]).map(predictorFromJSON);
    return est;
  }
}

function featureName(X: Matrix, j: number): string {
  const name = X.columns?.[j];
  return name === undefined ? String(j) : `'${name}'`;
}

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function softmaxInto(raw: Float64Array, r0: number, K: number, out: Float64Array, o0: number): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, raw[r0 + k]!);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[o0 + k] = Math.exp(raw[r0 + k]! - max);
  for (let k = 0; k < K; k++) out[o0 + k] = out[o0 + k]! / sum;
}

/** Class codes from raw predictions: the sign for one column (0 goes to class 0), else the argmax. */
function codesOf(raw: Float64Array, rows: number, T: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    if (T === 1) {
      out[i] = raw[i]! > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < T; k++) if (raw[i * T + k]! > raw[i * T + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/**
 * scikit-learn's `fit_intercept_only`: for two classes the log-odds of the (weighted) share of
 * class 1; otherwise the log of each class's share, centred (symmetric multinomial logit).
 */
function baselineOf(y: Int32Array, w: Float64Array | null, K: number): Float64Array {
  const share = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === null ? 1 : w[i]!;
    share[y[i]!]! += wi;
    total += wi;
  }
  for (let k = 0; k < K; k++) share[k] = Math.min(1 - EPS, Math.max(EPS, share[k]! / total));
  if (K === 2) return Float64Array.of(Math.log(share[1]! / (1 - share[1]!)));
  const out = new Float64Array(K);
  let mean = 0;
  for (let k = 0; k < K; k++) mean += out[k] = Math.log(share[k]!);
  mean /= K;
  for (let k = 0; k < K; k++) out[k] = out[k]! - mean;
  return out;
}

/**
 * Gradients and hessians of the half binomial / half multinomial loss (float32, as scikit-learn),
 * class-major: `g[k * n + i]`.
 */
function gradients(raw: Float64Array, y: Int32Array, w: Float64Array | null, T: number, g: Float32Array, h: Float32Array): void {
  const n = y.length;
  if (T === 1) {
    for (let i = 0; i < n; i++) {
      const p = expit(raw[i]!);
      const wi = w === null ? 1 : w[i]!;
      g[i] = wi * (p - y[i]!);
      h[i] = wi * p * (1 - p);
    }
    return;
  }
  const prob = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    softmaxInto(raw, i * T, T, prob, 0);
    const wi = w === null ? 1 : w[i]!;
    for (let k = 0; k < T; k++) {
      const p = prob[k]!;
      g[k * n + i] = wi * (p - (y[i] === k ? 1 : 0));
      h[k * n + i] = wi * p * (1 - p);
    }
  }
}

/** Mean (weighted) log loss of raw predictions. */
function logLoss(raw: Float64Array, y: Int32Array, w: Float64Array | null, T: number): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === null ? 1 : w[i]!;
    let loss: number;
    if (T === 1) {
      const x = raw[i]!;
      // log(1 + e^x) − y·x, computed stably.
      loss = (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))) - y[i]! * x;
    } else {
      let max = -Infinity;
      for (let k = 0; k < T; k++) max = Math.max(max, raw[i * T + k]!);
      let s = 0;
      for (let k = 0; k < T; k++) s += Math.exp(raw[i * T + k]! - max);
      loss = max + Math.log(s) - raw[i * T + y[i]!]!;
    }
    sum += wi * loss;
    total += wi;
  }
  return sum / total;
}

function accuracyOf(raw: Float64Array, y: Int32Array, T: number): number {
  const codes = codesOf(raw, y.length, T);
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (codes[i] === y[i]) hits++;
  return hits / y.length;
}

/** scikit-learn's `_should_stop`: no score of the last `nIterNoChange` beats the one before them by more than `tol`. */
function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (scores.length < ref) return false;
  const reference = scores[scores.length - ref]! + tol;
  for (let k = scores.length - ref + 1; k < scores.length; k++) if (scores[k]! > reference) return false;
  return true;
}

/**
 * A stratified holdout: ⌈fraction·n⌉ rows (or `fraction` rows when it is a count), each class
 * contributing in proportion (largest remainders), drawn with a seeded RNG. Null when either side
 * would be empty.
 */
function stratifiedHoldout(y: Int32Array, K: number, fraction: number, seed: number): [Int32Array, Int32Array] | null {
  const n = y.length;
  const nVal = Number.isInteger(fraction) && fraction >= 1 ? fraction : Math.ceil(fraction * n);
  if (nVal <= 0 || nVal >= n) return null;
  const byClass: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < n; i++) byClass[y[i]!]!.push(i);
  const quota = byClass.map((rows) => (rows.length * nVal) / n);
  const take = quota.map(Math.floor);
  let left = nVal - take.reduce((a, b) => a + b, 0);
  const order = quota.map((q, k) => ({ k, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of order) {
    if (left === 0) break;
    take[k]!++;
    left--;
  }
  const rng = Random.derive(seed, 'gradient-boosting', 'validation');
  const isVal = new Uint8Array(n);
  byClass.forEach((rows, k) => {
    const perm = rng.permutation(rows.length);
    for (let j = 0; j < take[k]!; j++) isVal[rows[perm[j]!]!] = 1;
  });
  const train: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) (isVal[i] === 1 ? val : train).push(i);
  if (train.length === 0 || val.length === 0) return null;
  return [Int32Array.from(train), Int32Array.from(val)];
}

function takeCodes(y: Int32Array, rows: Int32Array): Int32Array {
  return Int32Array.from(rows, (r) => y[r]!);
}

function takeWeights(w: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (r) => w[r]!);
}

/** The native engine of `gradient-boosting`. */
export const nativeGradientBoosting: EngineImplementation = {
  create: (params) => new NativeGradientBoosting(params),
  load: (json) => NativeGradientBoosting.fromJSON(json),
  paramsSchema: gradientBoostingSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};

