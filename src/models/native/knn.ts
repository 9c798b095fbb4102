/**
 * Native k-nearest neighbours: exact search with scikit-learn's KNeighborsClassifier results.
 *
 * Tie-breaking: the neighbours are what scikit-learn's brute force keeps when run on one thread:
 * training rows are offered in index order to a max-heap of k (distance, index) pairs updated
 * exactly as scikit-learn's `heap_push` (a row enters only if strictly closer than the current
 * k-th). Among rows tied at the k-th distance this usually keeps the lower indices, but not
 * always (it depends on the heap's shape); replicating the heap makes them identical, ties
 * included (tested on 749 tied queries). With several threads scikit-learn merges per-thread heaps
 * and may pick other tied rows. For cosine scikit-learn selects with `argpartition`, whose choice
 * among exact ties is unspecified; ours is the heap's. `kneighbors` lists each query's neighbours
 * by (distance, index).
 *
 * Distances are exact when every feature is an integer (pixels, one-hot, counts; sums below 2^53),
 * and then equal scikit-learn's bit for bit. Small-integer data (|v| <= 16383) runs on WebAssembly
 * SIMD kernels with exact int32 arithmetic (`kernels/knn-i16.wat`). Euclidean on mixed data
 * (few-valued integer columns such as one-hot plus non-integer ones such as standardized numerics,
 * the sweep's default `scale: standard`) runs `kernels/knn-mixed.ts`: exact integer part per group
 * of identical integer parts, float part pruned by principal-direction projections. Other data
 * runs float64 loops. For non-integer data squared differences are summed directly, where
 * scikit-learn uses |x|^2 - 2 x.y + |y|^2, so near-ties may order differently (on standardized
 * adult/KDD slices: 9 of 1,100 queries, all near-ties, see `test/models/native/knn-scaled.test.ts`).
 *
 * `algorithm: 'auto'` (default) skips training rows that provably cannot enter the heap (lower
 * bounds from a projection or from the highest-variance columns, see `kernels/knn-search.ts`);
 * `'brute'` offers every training row to the heap in index order, only cutting short rows the heap
 * would reject anyway (a partial sum already past its largest). Both give the same neighbours.
 * `n_jobs` is accepted for scikit-learn compatibility and ignored: one estimator uses one thread,
 * the sweep runner parallelises over cells.
 */
import { z } from 'zod';
import type { JsonObject, Matrix, Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import { assertFinite, invalidInput, notFitted, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator } from '../estimator.js';
import { searchNeighbors, type KnnMetric, type Neighbors, type TrainingSet, prepareTrainingSet } from './kernels/knn-search.js';

const ALGORITHM = 'knn';

/** Hyperparameters of the native k-NN (scikit-learn names and defaults). */
export const knnParamsSchema = z.strictObject({
  n_neighbors: z.number().int().positive().default(5),
  weights: z.enum(['uniform', 'distance']).default('uniform'),
  metric: z.enum(['euclidean', 'manhattan', 'minkowski', 'cosine']).default('euclidean'),
  /** Power of the minkowski metric (1 = manhattan, 2 = euclidean); only used with `metric: minkowski`. */
  p: z.number().min(1).default(2),
  algorithm: z.enum(['auto', 'brute']).default('auto'),
  /** Accepted for scikit-learn compatibility; ignored (one thread per estimator). */
  n_jobs: z.number().int().nullable().default(null),
});

/** Parsed k-NN params. */
export type KnnParams = z.infer<typeof knnParamsSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: true };

/** The metric scikit-learn actually uses (`effective_metric_`): minkowski p=1/2 become manhattan/euclidean. */
export function effectiveMetric(params: Pick<KnnParams, 'metric' | 'p'>): KnnMetric {
  if (params.metric === 'minkowski') {
    if (params.p === 1) return { name: 'manhattan' };
    if (params.p === 2) return { name: 'euclidean' };
    return { name: 'minkowski', p: params.p };
  }
  return { name: params.metric };
}

/** k-NN classifier on the native engine. */
export class NativeKnn extends BaseClassifier<KnnParams> {
  private train: TrainingSet | undefined = undefined;
  private codes: Int32Array | undefined = undefined;

  constructor(params: Params = {}) {
    super(ALGORITHM, 'native', knnParamsSchema as unknown as z.ZodType<KnnParams>, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: KnnParams): void {
    this.train = undefined;
    if (params.n_neighbors > X.rows) {
      throw invalidInput(ALGORITHM, `n_neighbors = ${params.n_neighbors} but the training data has only ${X.rows} rows`, 'lower n_neighbors');
    }
    this.train = prepareTrainingSet(X.data.slice(), X.rows, X.cols);
    this.codes = y.codes.slice();
  }

  /**
   * The `k` nearest training rows of each row of `X` (scikit-learn's `kneighbors`): row-major
   * `rows × k` distances (ascending) and training indices; ties in distance by lower index.
   */
  kneighbors(X: Matrix, k?: number): Neighbors {
    if (this.train === undefined || this.nFeaturesIn_ === undefined) throw notFitted(ALGORITHM);
    if (X.cols !== this.nFeaturesIn_) throw invalidInput(ALGORITHM, `X has ${X.cols} features, but the model was fitted with ${this.nFeaturesIn_}`);
    assertFinite(ALGORITHM, X);
    return this.search(X, k);
  }

  /** `kneighbors` for input `predict`/`predictProba` have validated. */
  private search(X: Matrix, k?: number): Neighbors {
    const train = this.train!;
    const params = this.params;
    const nNeighbors = k ?? params.n_neighbors;
    if (nNeighbors > train.rows || nNeighbors < 1) throw invalidInput(ALGORITHM, `k = ${nNeighbors} must be between 1 and the ${train.rows} training rows`);
    return searchNeighbors(train, X, nNeighbors, effectiveMetric(params), params.algorithm);
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const params = this.params;
    const { distances, indices, k } = this.search(X);
    const nClasses = this.classes_!.length;
    const codes = this.codes!;
    const out = new Float64Array(X.rows * nClasses);
    const weights = new Float64Array(k);
    for (let i = 0; i < X.rows; i++) {
      // scikit-learn's _get_weights: 1/d; a row with any zero distance weighs its zero-distance
      // neighbours 1 and the others 0.
      if (params.weights === 'distance') {
        let anyZero = false;
        for (let j = 0; j < k; j++) if (distances[i * k + j] === 0) anyZero = true;
        for (let j = 0; j < k; j++) {
          const d = distances[i * k + j]!;
          weights[j] = anyZero ? (d === 0 ? 1 : 0) : 1 / d;
        }
      } else {
        weights.fill(1);
      }
      const row = i * nClasses;
      for (let j = 0; j < k; j++) out[row + codes[indices[i * k + j]!]!]! += weights[j]!;
      let total = 0;
      for (let c = 0; c < nClasses; c++) total += out[row + c]!;
      if (total === 0) total = 1;
      for (let c = 0; c < nClasses; c++) out[row + c]! /= total;
    }
    return { data: out, rows: X.rows, cols: nClasses };
  }

  protected state(): JsonObject {
    const t = this.train!;
    return {
      rows: t.rows,
      cols: t.cols,
      ...(t.int16 !== undefined ? { x_int16: encodeTypedArray(packInt16(t)) } : { x_float64: encodeTypedArray(t.data) }),
      y_codes: encodeTypedArray(this.codes!),
    };
  }

  /** Restores a fitted model from `toJSON` output; it predicts identically. */
  static fromJSON(json: SerializedEstimator): NativeKnn {
    const est = new NativeKnn(json.params);
    est.restoreBase(json);
    const s = json.state;
    const rows = s['rows'] as number;
    const cols = s['cols'] as number;
    let data: Float64Array;
    if (typeof s['x_int16'] === 'string') {
      const packed = new Int16Array(decodeTypedArray(s['x_int16'], Uint16Array).buffer);
      data = Float64Array.from(packed);
    } else {
      data = decodeTypedArray(s['x_float64'] as string, Float64Array);
    }
    est.train = prepareTrainingSet(data, rows, cols);
    est.codes = decodeTypedArray(s['y_codes'] as string, Int32Array);
    return est;
  }
}

/** The training rows as unpadded int16 (compact `model.json` for integer data). */
function packInt16(t: TrainingSet): Uint16Array {
  const out = new Int16Array(t.rows * t.cols);
  for (let k = 0; k < out.length; k++) out[k] = t.data[k]!;
  return new Uint16Array(out.buffer);
}

/** The native engine's k-NN. */
export const nativeKnn: EngineImplementation = {
  create: (params) => new NativeKnn(params),
  load: (json) => NativeKnn.fromJSON(json),
  paramsSchema: knnParamsSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
