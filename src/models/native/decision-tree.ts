/**
 * The native `decision-tree` engine: a CART classifier (scikit-learn's DecisionTreeClassifier) whose
 * split search runs on histograms of pre-binned features (`max_bins`, default 256; `null` = exact).
 */
import { z } from 'zod';
import { Random, type JsonObject, type Label, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { binMatrix } from './tree/binning.js';
import { addTreeProba, compactTree, featureImportances, pruneTree, treeFromJSON, treeToJSON, type CompactTree } from './tree/compact.js';
import { growTree } from './tree/grow.js';
import { classWeightsFor, combineSampleWeights, resolveGrowOptions } from './tree/options.js';
import { classWeightSchema, DEFAULT_SEED, maxFeaturesSchema, treeShape } from './tree/params.js';

/** Hyperparameters of the native decision tree (scikit-learn's names and defaults, plus `max_bins`). */
export const decisionTreeSchema = z.strictObject({
  ...treeShape,
  max_features: maxFeaturesSchema(null),
  class_weight: classWeightSchema,
});

/** Parsed decision-tree params. */
export type DecisionTreeParams = z.output<typeof decisionTreeSchema>;

/** Without `max_features` the tree uses no randomness at all (ties: lowest feature, then lowest threshold). */
const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: false };

/**
 * A CART decision tree classifier.
 *
 * Randomness: only when `max_features` is below the number of features (features drawn per split
 * from `random_state`, or the fixed seed 0 when null). Ties between equally good splits go to the
 * lowest feature index, then the lowest threshold.
 */
export class NativeDecisionTree extends BaseClassifier<DecisionTreeParams> {
  /** The fitted tree. */
  tree_: CompactTree | undefined = undefined;
  /** Normalized total impurity decrease per feature (scikit-learn's `feature_importances_`). */
  featureImportances_: Float64Array | undefined = undefined;

  constructor(params: Params = {}) {
    super('decision-tree', 'native', decisionTreeSchema as unknown as z.ZodType<DecisionTreeParams>, params, TAGS);
  }

  /** Per-row weights for the fit in progress (`fit`'s third argument). */
  private sampleWeight: Float64Array | null = null;

  /**
   * Learns from `X` and `y`, each row weighted by `sampleWeight` when given (scikit-learn's
   * `fit(X, y, sample_weight)`): class counts, impurities and leaf values are weighted sums, times
   * the `class_weight` of the row's class. Rows of weight 0 take no part (scikit-learn still counts
   * them towards `min_samples_leaf`).
   */
  override async fit(X: Matrix, y: readonly Label[], sampleWeight?: Float64Array | null): Promise<this> {
    this.sampleWeight = sampleWeight ?? null;
    try {
      return await super.fit(X, y);
    } finally {
      this.sampleWeight = null;
    }
  }

  override tags(): EstimatorTags {
    const p = this.getParams();
    return { ...TAGS, deterministic: p['max_features'] === null || p['max_features'] === undefined };
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: DecisionTreeParams): void {
    this.tree_ = undefined;
    this.featureImportances_ = undefined;
    const { rows: n, cols: p } = X;
    const K = y.classes.length;
    const data = binMatrix(X.data, n, p, params.max_bins);
    const classWeights = classWeightsFor(this.algorithm, params.class_weight, y.classes, y.codes);
    const weights = combineSampleWeights(this.algorithm, this.sampleWeight, classWeights, n);
    const options = resolveGrowOptions(params, n, p);
    const rng = options.maxFeatures < p ? new Random(params.random_state ?? DEFAULT_SEED) : null;
    let grown = growTree(data, y.codes, K, weights, options, rng);
    if (params.ccp_alpha > 0) grown = pruneTree(grown, params.ccp_alpha);
    this.tree_ = compactTree(grown);
    delete this.tree_.binThreshold;
    this.featureImportances_ = featureImportances(grown, p);
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const tree = this.tree_!;
    const K = tree.nClasses;
    const out = new Float64Array(X.rows * K);
    addTreeProba(tree, X.data, X.rows, X.cols, out, 1);
    return { data: out, rows: X.rows, cols: K };
  }

  /** Depth of the tree (a single leaf has depth 0). */
  getDepth(): number {
    const t = this.tree_;
    if (t === undefined) return 0;
    const depth = new Int32Array(t.nodeCount);
    let max = 0;
    for (let i = 0; i < t.nodeCount; i++) {
      if (t.left[i] === -1) continue;
      depth[t.left[i]!] = depth[i]! + 1;
      depth[t.right[i]!] = depth[i]! + 1;
      max = Math.max(max, depth[i]! + 1);
    }
    return max;
  }

  /** Number of leaves. */
  getNLeaves(): number {
    return this.tree_ === undefined ? 0 : this.tree_.proba.length / this.tree_.nClasses;
  }

  protected state(): JsonObject {
    return { tree: treeToJSON(this.tree_!), feature_importances: encodeTypedArray(this.featureImportances_!) };
  }

  /** Restores a fitted tree from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeDecisionTree {
    const est = new NativeDecisionTree(json.params);
    est.restoreBase(json);
    est.tree_ = treeFromJSON(json.state['tree'] as JsonObject);
    est.featureImportances_ = decodeTypedArray(json.state['feature_importances'] as string, Float64Array);
    return est;
  }
}

/** The native engine of `decision-tree`. */
export const nativeDecisionTree: EngineImplementation = {
  create: (params) => new NativeDecisionTree(params),
  load: (json) => NativeDecisionTree.fromJSON(json),
  paramsSchema: decisionTreeSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
