/** The `mljs` engine of `naive-bayes`: an adapter over ml-naivebayes' `GaussianNB`. */
import { GaussianNB } from 'ml-naivebayes';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { toLabelArray, toRowArrays } from './shared.js';

const schema = z.strictObject({
  var_smoothing: z.number().min(0).default(1e-9),
});
type NbParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: false, multiclass: true, handlesMissing: false, deterministic: true };

/** ml-naivebayes' GaussianNB behind scikit-learn's parameter names. */
export class MljsNaiveBayes extends BaseClassifier<NbParams> {
  private model: GaussianNB | undefined = undefined;

  constructor(params: Params = {}) {
    super('naive-bayes', 'mljs', schema, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, _params: NbParams): void {
    this.model = undefined;
    const model = new GaussianNB();
    model.train(toRowArrays(X), toLabelArray(y.codes));
    this.model = model;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const k = this.classes_!.length;
    const codes = this.model!.predict(toRowArrays(X));
    const data = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) data[i * k + Math.max(0, codes[i]!)] = 1;
    return { data, rows: X.rows, cols: k };
  }

  protected state(): JsonObject {
    return { model: JSON.parse(JSON.stringify(this.model!.toJSON())) as JsonObject };
  }

  /** Restores a fitted model from `toJSON` output. */
  static load(json: SerializedEstimator): MljsNaiveBayes {
    const est = new MljsNaiveBayes(json.params);
    est.restoreBase(json);
    est.model = GaussianNB.load(json.state['model'] as object);
    return est;
  }
}

/** `naive-bayes` on the mljs engine. */
export const mljsNaiveBayes: EngineImplementation = {
  create: (params) => new MljsNaiveBayes(params),
  load: (json) => MljsNaiveBayes.load(json),
  paramsSchema: schema,
  tags: TAGS,
  caveat: 'work in progress',
};
