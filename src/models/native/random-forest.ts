/** The native `random-forest` engine: bagged CART trees on shared pre-binned features, built on worker threads. */
import { z } from 'zod';
import type { JsonObject, Matrix, Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { forestClassWeightSchema, maxFeaturesSchema, treeShape } from './tree/params.js';

/** Hyperparameters of the native random forest (scikit-learn's names and defaults, plus `max_bins`). */
export const randomForestSchema = z.strictObject({
  n_estimators: z.number().int().gte(1).default(100).describe('number of trees'),
  ...treeShape,
  max_features: maxFeaturesSchema('sqrt'),
  bootstrap: z.boolean().default(true).describe('draw a bootstrap sample for each tree'),
  max_samples: z
    .union([z.null(), z.number().int().gte(1), z.number().gt(0).lte(1)])
    .default(null)
    .describe('bootstrap sample size: null = all rows, an int count, or a fraction'),
  oob_score: z.boolean().default(false).describe('compute out-of-bag accuracy `oob_score_` (needs bootstrap)'),
  class_weight: forestClassWeightSchema,
  n_jobs: z.number().int().nullable().default(null).describe('worker threads: null = 1, -1 = all cores'),
});

/** Parsed random-forest params. */
export type RandomForestParams = z.output<typeof randomForestSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: false };

/** A random forest classifier. */
export class NativeRandomForest extends BaseClassifier<RandomForestParams> {
  constructor(params: Params = {}) {
    super('random-forest', 'native', randomForestSchema as unknown as z.ZodType<RandomForestParams>, params, TAGS);
  }

  protected fitImpl(_X: Matrix, _y: EncodedLabels, _params: RandomForestParams): void {
    throw new Error('random-forest (native): not implemented yet');
  }

  protected predictProbaImpl(_X: Matrix): Matrix {
    throw new Error('random-forest (native): not implemented yet');
  }

  protected state(): JsonObject {
    return {};
  }

  /** Restores a fitted forest from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeRandomForest {
    const est = new NativeRandomForest(json.params);
    est.restoreBase(json);
    return est;
  }
}

/** The native engine of `random-forest`. */
export const nativeRandomForest: EngineImplementation = {
  create: (params) => new NativeRandomForest(params),
  load: (json) => NativeRandomForest.fromJSON(json),
  paramsSchema: randomForestSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
