/** The `mljs` engine of `knn`: an adapter over ml-knn's `KNN`. */
import KNN from 'ml-knn';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { toLabelArray, toRowArrays } from './shared.js';

const schema = z.strictObject({
  n_neighbors: z.number().int().min(1).default(5),
  metric: z.literal('euclidean').default('euclidean'),
});
type KnnParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: false, multiclass: true, handlesMissing: false, deterministic: true };

/** ml-knn behind scikit-learn's parameter names. */
export class MljsKnn extends BaseClassifier<KnnParams> {
  private model: KNN | undefined = undefined;

  constructor(params: Params = {}) {
    super('knn', 'mljs', schema, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: KnnParams): void {
    this.model = undefined;
    this.model = new KNN(toRowArrays(X), toLabelArray(y.codes), { k: params.n_neighbors });
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

  /** Restores a fitted model from `toJSON` output. */
  static load(json: SerializedEstimator): MljsKnn {
    const est = new MljsKnn(json.params);
    est.restoreBase(json);
    est.model = KNN.load(json.state['model'] as object);
    return est;
  }
}

/** `knn` on the mljs engine. */
export const mljsKnn: EngineImplementation = {
  create: (params) => new MljsKnn(params),
  load: (json) => MljsKnn.load(json),
  paramsSchema: schema,
  tags: TAGS,
  caveat: "ml-knn's k-d tree search does not prune",
};
