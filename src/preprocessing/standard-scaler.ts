/**
 * `StandardScaler`, as scikit-learn's: `(x - mean_) / scale_` with the population standard
 * deviation. A constant column (by scikit-learn's `_is_constant_feature` test) gets scale 1, so it
 * maps to 0 instead of dividing by zero. NaN is ignored in fit and kept in transform.
 */
import { z } from 'zod';
import type { JsonObject, Matrix } from '../core/index.js';
import { type Affine, type ColumnView, EPS, columnMeanVar, decodeNumbers, encodeNumbers, matrixColumns, writeColumn } from './numeric.js';
import { checkMatrix, expectType, header, notFitted, parseWith, withData } from './shared.js';

const NAME = 'standard-scaler';

const numberOrNull = z.union([z.number(), z.string(), z.null()]);
const stateSchema = z.object({
  mean: z.array(numberOrNull),
  var: z.array(numberOrNull),
  scale: z.array(numberOrNull),
  n_samples_seen: z.array(z.number().int().nonnegative()),
});

/**
 * Standardizes columns to mean 0 and (population) standard deviation 1 on the fitted rows.
 *
 * @example
 * const s = new StandardScaler().fit(Xtrain);
 * const Xt = s.transform(Xtest); // (x - mean_) / scale_, statistics of Xtrain only
 */
export class StandardScaler {
  /** Mean of each column on the fitted rows (NaN ignored). */
  mean_: Float64Array | undefined = undefined;
  /** Population variance (NaN-ignoring). */
  var_: Float64Array | undefined = undefined;
  /** Standard deviation, or 1 for constant (or empty) columns. */
  scale_: Float64Array | undefined = undefined;
  /** Non-missing values seen per column. */
  nSamplesSeen_: Int32Array | undefined = undefined;

  /** No hyperparameters (scikit-learn's `with_mean`/`with_std` are always on). */
  getParams(): Record<string, never> {
    return {};
  }

  /** Learns mean and scale of each column of `X`. */
  fit(X: Matrix): this {
    checkMatrix(NAME, X);
    return this.fitColumns(matrixColumns(X));
  }

  /** Learns from column views; a view's `fill` stands in for its missing values (impute, then scale). */
  fitColumns(columns: readonly ColumnView[]): this {
    const n = columns.length;
    const mean = new Float64Array(n);
    const variance = new Float64Array(n);
    const scale = new Float64Array(n);
    const seen = new Int32Array(n);
    columns.forEach((view, j) => {
      const s = columnMeanVar(view);
      seen[j] = s.count;
      if (s.count === 0) {
        // Nothing to learn from: the identity, so shapes and values stay defined.
        mean[j] = 0;
        variance[j] = 0;
        scale[j] = 1;
        return;
      }
      mean[j] = s.mean;
      variance[j] = s.variance;
      const upperBound = s.count * EPS * s.variance + (s.count * s.mean * EPS) ** 2;
      const sd = Math.sqrt(s.variance);
      scale[j] = s.variance <= upperBound || sd < 10 * EPS ? 1 : sd;
    });
    this.mean_ = mean;
    this.var_ = variance;
    this.scale_ = scale;
    this.nSamplesSeen_ = seen;
    return this;
  }

  /** The map of fitted column `j`: `(x - mean_[j]) / scale_[j]`. */
  affine(j: number): Affine {
    if (this.mean_ === undefined || this.scale_ === undefined) throw notFitted(NAME);
    return { sub: this.mean_[j]!, div: this.scale_[j]!, mul: 1, add: 0 };
  }

  /** `X` standardized with the fitted statistics (a new matrix). */
  transform(X: Matrix): Matrix {
    if (this.mean_ === undefined) throw notFitted(NAME);
    checkMatrix(NAME, X, this.mean_.length);
    const out = new Float64Array(X.rows * X.cols);
    matrixColumns(X).forEach((view, j) => writeColumn(view, NaN, this.affine(j), out, j, X.cols));
    return withData(X, out);
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /** Learned state as JSON. */
  toJSON(): JsonObject {
    if (this.mean_ === undefined || this.var_ === undefined || this.scale_ === undefined || this.nSamplesSeen_ === undefined) throw notFitted(NAME);
    return {
      ...header(NAME),
      params: {},
      state: { mean: encodeNumbers(this.mean_), var: encodeNumbers(this.var_), scale: encodeNumbers(this.scale_), n_samples_seen: Array.from(this.nSamplesSeen_) },
    };
  }

  /** Restores a fitted scaler from `toJSON` output. */
  static fromJSON(json: JsonObject): StandardScaler {
    expectType(json, NAME);
    const state = parseWith(NAME, 'state', stateSchema, json['state']);
    const scaler = new StandardScaler();
    scaler.mean_ = decodeNumbers(state.mean);
    scaler.var_ = decodeNumbers(state.var);
    scaler.scale_ = decodeNumbers(state.scale);
    scaler.nSamplesSeen_ = Int32Array.from(state.n_samples_seen);
    return scaler;
  }
}
