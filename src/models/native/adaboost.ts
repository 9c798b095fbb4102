/**
 * The native `adaboost` engine: scikit-learn's AdaBoostClassifier with SAMME. Every round fits a
 * native decision tree (a stump by default) on reweighted rows, binned once for all rounds.
 */
import { z } from 'zod';
import { Random, type JsonObject, type Label, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray, parseParams } from '../base.js';
import { invalidInput, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator } from '../estimator.js';
import { decisionTreeSchema, type DecisionTreeParams } from './decision-tree.js';
import { binMatrix } from './tree/binning.js';
import { addTreeProba, compactTree, leafOfBinnedRow, pruneTree, treeFromJSON, treeToJSON, type CompactTree } from './tree/compact.js';
import { GrowScratch, growTree } from './tree/grow.js';
import { classWeightsFor, combineSampleWeights, resolveGrowOptions } from './tree/options.js';
import { DEFAULT_SEED } from './tree/params.js';

/** Hyperparameters of AdaBoost (scikit-learn's names and defaults). */
export const adaboostSchema = z.strictObject({
  estimator: decisionTreeSchema
    .prefault({ max_depth: 1 })
    .describe('the params of the native decision tree fitted each round; default a stump ({max_depth: 1}), as scikit-learn'),
  n_estimators: z.number().int().gte(1).default(50).describe('the most boosting rounds (fewer when a tree fits perfectly)'),
  learning_rate: z.number().gt(0).default(1).describe("shrinks each tree's weight"),
  algorithm: z
    .literal('SAMME')
    .default('SAMME')
    .describe("'SAMME' (discrete boosting; SAMME.R is deprecated in scikit-learn and not offered)"),
  random_state: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe("seeds each round's tree (matters only when the tree draws features); null = the fixed seed 0"),
});

/** Parsed AdaBoost params. */
export type AdaBoostParams = z.output<typeof adaboostSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: false };

/** The index of the largest value in `v[start .. start + K)`, first on ties (numpy's argmax). */
function argmax(v: Float64Array, start: number, K: number): number {
  let best = 0;
  for (let c = 1; c < K; c++) if (v[start + c]! > v[start + best]!) best = c;
  return best;
}

/**
 * AdaBoost with SAMME, as scikit-learn's `AdaBoostClassifier(algorithm='SAMME')`: round m fits a
 * tree to the weighted rows, takes its weighted error e, gives it the weight
 * α = learning_rate · (log((1 − e) / e) + log(K − 1)), and multiplies the weight of each row it
 * got wrong by exp(α). A tree with no error ends the boosting (weight 1); one no better than chance
 * (e ≥ 1 − 1/K) is dropped and ends it. The decision is the α-weighted vote of the trees.
 */
export class NativeAdaBoost extends BaseClassifier<AdaBoostParams> {
  /** The fitted trees; each leaf's `proba` is one-hot on the class the tree predicts there. */
  estimators_: CompactTree[] | undefined = undefined;
  /** α of each fitted tree. */
  estimatorWeights_: Float64Array | undefined = undefined;
  /** Weighted training error of each fitted tree. */
  estimatorErrors_: Float64Array | undefined = undefined;

  constructor(params: Params = {}) {
    super('adaboost', 'native', adaboostSchema as unknown as z.ZodType<AdaBoostParams>, params, TAGS);
  }

  override tags(): EstimatorTags {
    const p = this.getParams();
    const tree = p['estimator'] as { max_features?: unknown } | undefined;
    return { ...TAGS, deterministic: tree?.max_features === null || tree?.max_features === undefined };
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: AdaBoostParams): void {
    this.estimators_ = undefined;
    this.estimatorWeights_ = undefined;
    this.estimatorErrors_ = undefined;
    const treeParams: DecisionTreeParams = parseParams(this.algorithm, decisionTreeSchema as unknown as z.ZodType<DecisionTreeParams>, params.estimator);
    const { rows: n, cols: p } = X;
    const K = y.classes.length;
    const codes = y.codes;
    const data = binMatrix(X.data, n, p, treeParams.max_bins);
    const options = resolveGrowOptions(treeParams, n, p);
    const classWeights = classWeightsFor(this.algorithm, treeParams.class_weight, y.classes, codes);
    const seed = treeParams.random_state ?? params.random_state ?? DEFAULT_SEED;
    const scratch = new GrowScratch(n);
    let sw = new Float64Array(n).fill(1 / n);
    const trees: CompactTree[] = [];
    const alphas: number[] = [];
    const errors: number[] = [];
    const predicted = new Int32Array(n);
    for (let m = 0; m < params.n_estimators; m++) {
      const rng = options.maxFeatures < p ? Random.derive(seed, 'adaboost', m) : null;
      let grown = growTree(data, codes, K, combineSampleWeights(this.algorithm, sw, classWeights, n), options, rng, scratch);
      if (treeParams.ccp_alpha > 0) grown = pruneTree(grown, treeParams.ccp_alpha);
      const tree = compactTree(grown);
      // Each leaf votes for its weighted majority class (from the float64 counts, first on ties).
      const leafClass: number[] = [];
      for (let i = 0; i < grown.nodeCount; i++) if (grown.left[i] === -1) leafClass.push(argmax(grown.value, i * K, K));
      tree.proba.fill(0);
      leafClass.forEach((c, leaf) => (tree.proba[leaf * K + c] = 1));
      let wrong = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const c = leafClass[leafOfBinnedRow(tree, data.bins, n, i)]!;
        predicted[i] = c;
        total += sw[i]!;
        if (c !== codes[i]) wrong += sw[i]!;
      }
      delete tree.binThreshold;
      const error = wrong / total;
      if (error <= 0) {
        trees.push(tree);
        alphas.push(1);
        errors.push(0);
        break;
      }
      if (error >= 1 - 1 / K) {
        if (trees.length === 0) {
          throw invalidInput(
            this.algorithm,
            'the first tree is worse than random guessing, so the ensemble cannot be fit',
            'give the estimator more capacity (estimator: { max_depth: 3 })',
          );
        }
        break;
      }
      const alpha = params.learning_rate * (Math.log((1 - error) / error) + Math.log(K - 1));
      trees.push(tree);
      alphas.push(alpha);
      errors.push(error);
      if (m === params.n_estimators - 1) break;
      // scikit-learn: w ← exp(log w + α · [wrong] · [w > 0]), then normalized.
      const next = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const w = sw[i]!;
        next[i] = predicted[i] !== codes[i] && w > 0 ? Math.exp(Math.log(w) + alpha) : w;
        sum += next[i]!;
      }
      if (!Number.isFinite(sum) || sum <= 0) break;
      for (let i = 0; i < n; i++) next[i] = next[i]! / sum;
      sw = next;
    }
    this.estimators_ = trees;
    this.estimatorWeights_ = Float64Array.from(alphas);
    this.estimatorErrors_ = Float64Array.from(errors);
  }

  /**
   * scikit-learn's `decision_function` after the first `stages` trees (all by default): the
   * α-weighted votes divided by the sum of all α; for two classes, one column (positive favours
   * `classes_[1]`).
   */
  decisionFunction(X: Matrix, stages?: number): Matrix {
    const trees = this.estimators_!;
    const alphas = this.estimatorWeights_!;
    const K = this.classes_!.length;
    const end = Math.min(stages ?? trees.length, trees.length);
    const votes = new Float64Array(X.rows * K);
    let norm = 0;
    for (let m = 0; m < end; m++) {
      addTreeProba(trees[m]!, X.data, X.rows, X.cols, votes, alphas[m]!);
      norm += alphas[m]!;
    }
    for (let k = 0; k < votes.length; k++) votes[k] = votes[k]! / norm;
    if (K !== 2) return { data: votes, rows: X.rows, cols: K };
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = votes[2 * i + 1]! - votes[2 * i]!;
    return { data: out, rows: X.rows, cols: 1 };
  }

  /** Predicted labels after each round: scikit-learn's `staged_predict`. */
  *stagedPredict(X: Matrix): Generator<Label[]> {
    const trees = this.estimators_;
    if (trees === undefined) return;
    for (let m = 1; m <= trees.length; m++) yield this.labelsOf(this.decisionCodes(this.decisionFunction(X, m)));
  }

  protected override predictCodes(X: Matrix): Int32Array {
    return this.decisionCodes(this.decisionFunction(X));
  }

  /** Class indices from a decision: sign for two classes (0 goes to the first), else argmax. */
  private decisionCodes(decision: Matrix): Int32Array {
    const out = new Int32Array(decision.rows);
    const K = decision.cols;
    for (let i = 0; i < decision.rows; i++) out[i] = K === 1 ? (decision.data[i]! > 0 ? 1 : 0) : argmax(decision.data, i * K, K);
    return out;
  }

  private labelsOf(codes: Int32Array): Label[] {
    return Array.from(codes, (c) => this.classes_![c]!);
  }

  /** scikit-learn's SAMME probabilities: softmax of the decision (halved and signed for two classes, else over K − 1). */
  protected predictProbaImpl(X: Matrix): Matrix {
    const decision = this.decisionFunction(X);
    const K = this.classes_!.length;
    const out = new Float64Array(X.rows * K);
    const row = new Float64Array(K);
    for (let i = 0; i < X.rows; i++) {
      if (K === 2) {
        row[0] = -decision.data[i]! / 2;
        row[1] = decision.data[i]! / 2;
      } else for (let c = 0; c < K; c++) row[c] = decision.data[i * K + c]! / (K - 1);
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, row[c]!);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += out[i * K + c] = Math.exp(row[c]! - max);
      for (let c = 0; c < K; c++) out[i * K + c] = out[i * K + c]! / sum;
    }
    return { data: out, rows: X.rows, cols: K };
  }

  protected state(): JsonObject {
    return {
      estimators: this.estimators_!.map(treeToJSON),
      estimator_weights: encodeTypedArray(this.estimatorWeights_!),
      estimator_errors: encodeTypedArray(this.estimatorErrors_!),
    };
  }

  /** Restores a fitted AdaBoost from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeAdaBoost {
    const est = new NativeAdaBoost(json.params);
    est.restoreBase(json);
    est.estimators_ = (json.state['estimators'] as JsonObject[]).map(treeFromJSON);
    est.estimatorWeights_ = decodeTypedArray(json.state['estimator_weights'] as string, Float64Array);
    est.estimatorErrors_ = decodeTypedArray(json.state['estimator_errors'] as string, Float64Array);
    return est;
  }
}

/** The native engine of `adaboost`. */
export const nativeAdaBoost: EngineImplementation = {
  create: (params) => new NativeAdaBoost(params),
  load: (json) => NativeAdaBoost.fromJSON(json),
  paramsSchema: adaboostSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
