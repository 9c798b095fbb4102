/** The `mljs` engine of `decision-tree`: an adapter over ml-cart's `DecisionTreeClassifier`. */
import { DecisionTreeClassifier } from 'ml-cart';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { toLabelArray, toRowArrays } from './shared.js';

const schema = z.strictObject({
  criterion: z.literal('gini').default('gini'),
  max_depth: z.number().int().min(1).nullable().default(null),
  min_samples_split: z.number().int().min(2).default(2),
});
type TreeParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true };

/** ml-cart's CART tree behind scikit-learn's parameter names. */
export class MljsDecisionTree extends BaseClassifier<TreeParams> {
  private model: DecisionTreeClassifier | undefined = undefined;

  constructor(params: Params = {}) {
    super('decision-tree', 'mljs', schema, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: TreeParams): void {
    this.model = undefined;
    const model = new DecisionTreeClassifier({
      gainFunction: 'gini',
      minNumSamples: params.min_samples_split - 1,
      maxDepth: params.max_depth ?? Infinity,
    });
    model.train(toRowArrays(X), toLabelArray(y.codes));
    this.model = model;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const k = this.classes_!.length;
    const codes = this.model!.predict(toRowArrays(X));
    const data = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) data[i * k + codes[i]!] = 1;
    return { data, rows: X.rows, cols: k };
  }

  protected state(): JsonObject {
    return { model: JSON.parse(JSON.stringify(this.model!.toJSON())) as JsonObject };
  }

  /** Restores a fitted tree from `toJSON` output. */
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
  caveat: 'ml-cart split search is quadratic in the number of rows',
};
