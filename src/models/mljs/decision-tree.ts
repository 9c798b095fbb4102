/**
 * The `mljs` engine of `decision-tree`: an adapter over ml-cart's `DecisionTreeClassifier`.
 *
 * ml-cart's split search re-scans every row of a node for every candidate threshold, so fitting
 * grows with rows² (500 Fashion-MNIST rows: 38 s; 1,000: 112 s). The adapter estimates that cost
 * first and refuses a fit above `max_work_seconds` with a `SWEEP_ESTIMATOR_UNSUPPORTED` error.
 */
import { DecisionTreeClassifier } from 'ml-cart';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import {
  checkWorkBudget,
  estimateCartSeconds,
  giniImpurity,
  maxWorkSeconds,
  mljsParamsSchema,
  toLabelArray,
  toRowArrays,
} from './shared.js';

const schema = mljsParamsSchema('decision-tree', {
  criterion: z.literal('gini', { error: "ml-cart supports only criterion 'gini'; use `engine: native` for entropy" }).default('gini').describe('split quality; ml-cart implements gini only'),
  max_depth: z.number().int().min(1).nullable().default(null).describe('maximum depth (root = 0); `null` grows until the other limits stop it'),
  min_samples_split: z.number().int().min(2).default(2).describe("a node with fewer rows is a leaf (ml-cart's `minNumSamples` = this − 1)"),
  gain_threshold: z.number().min(0).default(0.01).describe("ml-cart's `gainThreshold`: a node splits only if its gini gain exceeds this (not sklearn's weighted `min_impurity_decrease`)"),
  max_work_seconds: maxWorkSeconds,
});
type TreeParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: false };

/** A fitted ml-cart node, as far as prediction needs it. */
interface CartNode {
  classify(row: number[]): { getRow(index: number): number[] };
}

/** The hint every budget refusal gives. */
export const CART_BUDGET_HINT =
  'ml-cart is quadratic in the number of rows: use `engine: native` (same algorithm, sorted split search), ' +
  'subsample the dataset with `sample:`, or raise `max_work_seconds`';

/** ml-cart's CART tree behind scikit-learn's parameter names. */
export class MljsDecisionTree extends BaseClassifier<TreeParams> {
  private model: DecisionTreeClassifier | undefined = undefined;

  constructor(params: Params = {}) {
    super('decision-tree', 'mljs', schema, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: TreeParams): void {
    this.model = undefined;
    const estimate = estimateCartSeconds(X.rows, X.cols, giniImpurity(y.codes, y.classes.length));
    checkWorkBudget(this.algorithm, estimate, params.max_work_seconds, `growing a tree on ${X.rows} rows × ${X.cols} features`, CART_BUDGET_HINT);
    const model = new DecisionTreeClassifier({
      gainFunction: 'gini',
      splitFunction: 'mean',
      minNumSamples: params.min_samples_split - 1,
      maxDepth: params.max_depth ?? Infinity,
      gainThreshold: params.gain_threshold,
    });
    model.train(toRowArrays(X), toLabelArray(y.codes));
    this.model = model;
  }

  /** The class distribution of the leaf each row lands in (ml-cart's leaves only list classes up to the largest present; padded here). */
  protected predictProbaImpl(X: Matrix): Matrix {
    const k = this.classes_!.length;
    const root = this.model!.root as CartNode;
    const data = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      const leaf = root.classify(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols))).getRow(0);
      let sum = 0;
      for (const p of leaf) sum += p;
      for (let j = 0; j < leaf.length && j < k; j++) data[i * k + j] = leaf[j]! / sum;
    }
    return { data, rows: X.rows, cols: k };
  }

  protected state(): JsonObject {
    return { model: JSON.parse(JSON.stringify(this.model!.toJSON())) as JsonObject };
  }

  /** Restores a fitted tree from `toJSON` output (through ml-cart's own `load`). */
  static load(json: SerializedEstimator): MljsDecisionTree {
    const est = new MljsDecisionTree(json.params);
    est.restoreBase(json);
    est.model = DecisionTreeClassifier.load(json.state['model'] as object);
    return est;
  }
}

/** `decision-tree` on the mljs engine. */
export const mljsDecisionTree: EngineImplementation = {
  create: (params) => new MljsDecisionTree(params),
  load: (json) => MljsDecisionTree.load(json),
  paramsSchema: schema,
  tags: TAGS,
  caveat:
    'ml-cart re-scans every row for every candidate threshold (fit time grows with rows²: 1,000 Fashion-MNIST rows take ~2 min), ' +
    'so fits estimated above max_work_seconds (default 60) are refused; gini only; splits are x < threshold',
};
