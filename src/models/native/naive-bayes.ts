/**
 * Native naive Bayes (gaussian, multinomial, bernoulli, categorical), scikit-learn's results.
 * (Skeleton: the engine's face; the variants follow.)
 */
import { z } from 'zod';
import { SweepError, type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';

/** Hyperparameters of the native naive Bayes (scikit-learn names; `variant` picks the model). */
export const naiveBayesParamsSchema = z.strictObject({
  variant: z.enum(['gaussian', 'multinomial', 'bernoulli', 'categorical']).default('gaussian'),
  var_smoothing: z.number().min(0).default(1e-9),
});

/** Parsed naive Bayes params. */
export type NaiveBayesParams = z.infer<typeof naiveBayesParamsSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true };

/** Naive Bayes classifier on the native engine. */
export class NativeNaiveBayes extends BaseClassifier<NaiveBayesParams> {
  constructor(params: Params = {}) {
    super('naive-bayes', 'native', naiveBayesParamsSchema as unknown as z.ZodType<NaiveBayesParams>, params, TAGS);
  }
  protected fitImpl(_X: Matrix, _y: EncodedLabels, _params: NaiveBayesParams): void {
    throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', 'naive-bayes: native engine not implemented yet');
  }
  protected predictProbaImpl(_X: Matrix): Matrix {
    throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', 'naive-bayes: native engine not implemented yet');
  }
  protected state(): JsonObject {
    return {};
  }
  /** Restores a fitted model from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeNaiveBayes {
    return new NativeNaiveBayes(json.params);
  }
}

/** The native engine's naive Bayes. */
export const nativeNaiveBayes: EngineImplementation = {
  create: (params) => new NativeNaiveBayes(params),
  load: (json) => NativeNaiveBayes.fromJSON(json),
  paramsSchema: naiveBayesParamsSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
