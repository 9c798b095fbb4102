/**
 * `MinMaxScaler`, as scikit-learn's with `feature_range=(0, 1)`: `x * scale_ + min_`, so the fitted
 * rows land in [0, 1]. A constant column gets scale 1 and maps to 0. Values outside the training
 * range map outside [0, 1] (no clipping, scikit-learn's default). NaN is ignored in fit, kept in
 * transform.
 */
import { z } from 'zod';
import type { JsonObject, Matrix } from '../core/index.js';
import { type Affine, type ColumnView, EPS, columnMinMax, decodeNumbers, encodeNumbers, matrixColumns, writeColumn } from './numeric.js';
import { checkMatrix, expectType, header, notFitted, parseWith, withData } from './shared.js';

const NAME = 'min-max-scaler';

const numberOrNull = z.union([z.number(), z.string(), z.null()]);
const stateSchema = z.object({
  data_min: z.array(numberOrNull),
  data_max: z.array(numberOrNull),
  scale: z.array(numberOrNull),
  min: z.array(numberOrNull),
});

/**
 * Scales columns to [0, 1] on the fitted rows.
 *
 * @example
 * const s = new MinMaxScaler().fit(Xtrain);
 * const Xt = s.transform(Xtest); // x * scale_ + min_
 */
export class MinMaxScaler {
  /** Minimum of each column on the fitted rows (NaN ignored). */
  dataMin_: Float64Array | undefined = undefined;
  /** Maximum of each column on the fitted rows (NaN ignored). */
  dataMax_: Float64Array | undefined = undefined;
  /** `1 / (max - min)`, or 1 for a constant (or empty) column. */
  scale_: Float64Array | undefined = undefined;
  /** `-dataMin_ * scale_`. */
  min_: Float64Array | undefined = undefined;

  /** No hyperparameters (`feature_range` is always (0, 1)). */
  getParams(): Record<string, never> {
    return {};
  }

  /** Learns the range of each column of `X`. */
  fit(X: Matrix): this {
    checkMatrix(NAME, X);
    return this.fitColumns(matrixColumns(X));
  }

  /** Learns from column views; a view's `fill` stands in for its missing values (impute, then scale). */
  fitColumns(columns: readonly ColumnView[]): this {
    const n = columns.length;
    const dataMin = new Float64Array(n);
    const dataMax = new Float64Array(n);
    const scale = new Float64Array(n);
    const min = new Float64Array(n);
    columns.forEach((view, j) => {
      const r = columnMinMax(view);
      dataMin[j] = r.min;
      dataMax[j] = r.max;
      if (Number.isNaN(r.min)) {
        // Nothing to learn from: the identity.
        scale[j] = 1;
        min[j] = 0;
        return;
      }
      const range = r.max - r.min;
      scale[j] = 1 / (range < 10 * EPS ? 1 : range);
      min[j] = 0 - r.min * scale[j]!;
    });
    this.dataMin_ = dataMin;
    this.dataMax_ = dataMax;
    this.scale_ = scale;
    this.min_ = min;
    return this;
  }

  /** The map of fitted column `j`: `x * scale_[j] + min_[j]`. */
  affine(j: number): Affine {
    if (this.scale_ === undefined || this.min_ === undefined) throw notFitted(NAME);
    return { sub: 0, div: 1, mul: this.scale_[j]!, add: this.min_[j]! };
  }

  /** `X` scaled with the fitted ranges (a new matrix). */
  transform(X: Matrix): Matrix {
    if (this.scale_ === undefined) throw notFitted(NAME);
    checkMatrix(NAME, X, this.scale_.length);
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
    if (this.dataMin_ === undefined || this.dataMax_ === undefined || this.scale_ === undefined || this.min_ === undefined) throw notFitted(NAME);
    return {
      ...header(NAME),
      params: {},
      state: { data_min: encodeNumbers(this.dataMin_), data_max: encodeNumbers(this.dataMax_), scale: encodeNumbers(this.scale_), min: encodeNumbers(this.min_) },
    };
  }

  /** Restores a fitted scaler from `toJSON` output. */
  static fromJSON(json: JsonObject): MinMaxScaler {
    expectType(json, NAME);
    const state = parseWith(NAME, 'state', stateSchema, json['state']);
    const scaler = new MinMaxScaler();
    scaler.dataMin_ = decodeNumbers(state.data_min);
    scaler.dataMax_ = decodeNumbers(state.data_max);
    scaler.scale_ = decodeNumbers(state.scale);
    scaler.min_ = decodeNumbers(state.min);
    return scaler;
  }
}
