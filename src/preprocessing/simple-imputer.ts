/**
 * `SimpleImputer` for numeric columns, as scikit-learn's: fills missing values (NaN) with a
 * statistic of the training rows. Unlike scikit-learn, a column with no values in fit is kept and
 * filled with 0 (flagged in `allMissing_` and the JSON state), so output shapes never depend on
 * which rows landed in a fold.
 */
import { z } from 'zod';
import type { JsonObject, Matrix } from '../core/index.js';
import { DEFAULT_PREPROCESSING, type NumericImputation } from './config.js';
import { type ColumnView, IDENTITY, columnMean, columnMedian, columnMostFrequent, decodeNumbers, encodeNumbers, matrixColumns, writeColumn } from './numeric.js';
import { checkMatrix, expectType, header, notFitted, parseWith, withData } from './shared.js';

const NAME = 'simple-imputer';

/** Hyperparameters of `SimpleImputer`. */
export interface SimpleImputerParams {
  /** `mean`, `median`, `most_frequent` (ties → smallest), `constant` (`fill_value`) or `none` (leave NaN). */
  strategy: NumericImputation;
  fill_value: number;
}

const paramsSchema = z.strictObject({
  strategy: z.enum(['mean', 'median', 'most_frequent', 'constant', 'none']).default(DEFAULT_PREPROCESSING.impute_numeric),
  fill_value: z.number().refine(Number.isFinite, 'expected a finite number').default(DEFAULT_PREPROCESSING.fill_value),
});

const numberOrNull = z.union([z.number(), z.string(), z.null()]);
const stateSchema = z.object({
  statistics: z.array(numberOrNull),
  all_missing: z.array(z.boolean()),
});

/**
 * Fills missing numeric values with per-column statistics learned in `fit`.
 *
 * @example
 * const imp = new SimpleImputer({ strategy: 'median' }).fit(Xtrain);
 * const Xt = imp.transform(Xtest); // NaN → training medians
 */
export class SimpleImputer {
  /** The value each column's missing entries become (NaN for `none`). */
  statistics_: Float64Array | undefined = undefined;
  /** Columns that had no values in fit (filled with 0 instead of being dropped). */
  allMissing_: boolean[] | undefined = undefined;
  private readonly rawParams: Partial<SimpleImputerParams>;

  constructor(params: Partial<SimpleImputerParams> = {}) {
    this.rawParams = { ...params };
  }

  /** Params with defaults filled in (validated). */
  getParams(): SimpleImputerParams {
    return parseWith(NAME, 'params', paramsSchema, this.rawParams);
  }

  /** Learns the fill of each column of `X` (NaN = missing). */
  fit(X: Matrix): this {
    checkMatrix(NAME, X);
    return this.fitColumns(matrixColumns(X));
  }

  /** Learns from column views (how `TablePreprocessor` fits on table columns in place). */
  fitColumns(columns: readonly ColumnView[]): this {
    const { strategy, fill_value } = this.getParams();
    const statistics = new Float64Array(columns.length);
    const allMissing: boolean[] = [];
    columns.forEach((view, j) => {
      const plain = { ...view, fill: NaN };
      let value: number;
      if (strategy === 'none') value = NaN;
      else if (strategy === 'constant') value = fill_value;
      else value = strategy === 'mean' ? columnMean(plain) : strategy === 'median' ? columnMedian(plain) : columnMostFrequent(plain);
      const empty = strategy !== 'none' && strategy !== 'constant' && Number.isNaN(value);
      statistics[j] = empty ? 0 : value;
      allMissing.push(empty);
    });
    this.statistics_ = statistics;
    this.allMissing_ = allMissing;
    return this;
  }

  /** The fill of fitted column `j`. */
  fillOf(j: number): number {
    if (this.statistics_ === undefined) throw notFitted(NAME);
    return this.statistics_[j]!;
  }

  /** `X` with missing values filled (a new matrix). */
  transform(X: Matrix): Matrix {
    if (this.statistics_ === undefined) throw notFitted(NAME);
    checkMatrix(NAME, X, this.statistics_.length);
    const out = new Float64Array(X.rows * X.cols);
    matrixColumns(X).forEach((view, j) => writeColumn(view, this.statistics_![j]!, IDENTITY, out, j, X.cols));
    return withData(X, out);
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /** Params and learned state as JSON (NaN stored as null). */
  toJSON(): JsonObject {
    if (this.statistics_ === undefined || this.allMissing_ === undefined) throw notFitted(NAME);
    const params = this.getParams();
    return {
      ...header(NAME),
      params: { strategy: params.strategy, fill_value: params.fill_value },
      state: { statistics: encodeNumbers(this.statistics_), all_missing: [...this.allMissing_] },
    };
  }

  /** Restores a fitted imputer from `toJSON` output. */
  static fromJSON(json: JsonObject): SimpleImputer {
    expectType(json, NAME);
    const params = parseWith(NAME, 'params', paramsSchema, json['params']);
    const state = parseWith(NAME, 'state', stateSchema, json['state']);
    const imputer = new SimpleImputer(params);
    imputer.statistics_ = decodeNumbers(state.statistics);
    imputer.allMissing_ = state.all_missing;
    return imputer;
  }
}
