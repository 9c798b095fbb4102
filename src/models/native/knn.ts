/**
 * Native k-nearest neighbours: exact brute-force search, scikit-learn's KNeighborsClassifier results.
 * (Skeleton: the engine's face; the fast kernel follows.)
 */
import { z } from 'zod';
import { SweepError, type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';

/** Hyperparameters of the native k-NN (scikit-learn names). */
export const knnParamsSchema = z.strictObject({
  n_neighbors: z.number().int().positive().default(5),
  weights: z.enum(['uniform', 'distance']).default('uniform'),
  metric: z.enum(['euclidean', 'manhattan', 'minkowski', 'cosine']).default('euclidean'),
  p: z.number().min(1).default(2),
  algorithm: z.enum(['auto', 'brute']).default('auto'),
  n_jobs: z.number().int().nullable().default(null),
});

/** Parsed k-NN params. */
export type KnnParams = z.infer<typeof knnParamsSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true };

/** k-NN classifier on the native engine. */
export class NativeKnn extends BaseClassifier<KnnParams> {
  constructor(params: Params = {}) {
    super('knn', 'native', knnParamsSchema as unknown as z.ZodType<KnnParams>, params, TAGS);
  }
  protected fitImpl(_X: Matrix, _y: EncodedLabels, _params: KnnParams): void {
    throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', 'knn: native engine not implemented yet');
  }
  protected predictProbaImpl(_X: Matrix): Matrix {
    throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', 'knn: native engine not implemented yet');
  }
  protected state(): JsonObject {
    return {};
  }
  /** Restores a fitted model from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeKnn {
    const est = new NativeKnn(json.params);
    return est;
  }
}

/** The native engine's k-NN. */
export const nativeKnn: EngineImplementation = {
  create: (params) => new NativeKnn(params),
  load: (json) => NativeKnn.fromJSON(json),
  paramsSchema: knnParamsSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
