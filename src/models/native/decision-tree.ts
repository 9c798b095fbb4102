/** The native `decision-tree` engine: a CART classifier on pre-binned features (scikit-learn's DecisionTreeClassifier). */
import { z } from 'zod';
import type { JsonObject, Matrix, Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { classWeightSchema, maxFeaturesSchema, treeShape } from './tree/params.js';

/** Hyperparameters of the native decision tree (scikit-learn's names and defaults, plus `max_bins`). */
export const decisionTreeSchema = z.strictObject({
  ...treeShape,
  max_features: maxFeaturesSchema(null),
  class_weight: classWeightSchema,
});

/** Parsed decision-tree params. */
export type DecisionTreeParams = z.output<typeof decisionTreeSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true };

/** A CART decision tree classifier. */
export class NativeDecisionTree extends BaseClassifier<DecisionTreeParams> {
  constructor(params: Params = {}) {
    super('decision-tree', 'native', decisionTreeSchema as unknown as z.ZodType<DecisionTreeParams>, params, TAGS);
  }

  protected fitImpl(_X: Matrix, _y: EncodedLabels, _params: DecisionTreeParams): void {
    throw new Error('decision-tree (native): not implemented yet');
  }

  protected predictProbaImpl(_X: Matrix): Matrix {
    throw new Error('decision-tree (native): not implemented yet');
  }

  protected state(): JsonObject {
    return {};
  }

  /** Restores a fitted tree from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeDecisionTree {
    const est = new NativeDecisionTree(json.params);
    est.restoreBase(json);
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
