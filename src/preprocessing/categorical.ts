/**
 * What the two encoders share: learning a categorical column's categories (present in the fitted
 * rows only, sorted in Python's string order) and its fill for missing values, and mapping another
 * table's codes onto them by category *value*, so tables loaded separately (with different code
 * orders) encode alike.
 */
import { z } from 'zod';
import { SweepError, type CategoricalColumn, type Column, type JsonObject, type Matrix, type Table } from '../core/index.js';
import { type CategoricalImputation, DEFAULT_PREPROCESSING, type HandleUnknown, MISSING_CATEGORY } from './config.js';
import { compareCodePoints, expectType, header, invalidInput, notFitted, parseWith } from './shared.js';

/** Hyperparameters both encoders take. */
export interface CategoricalEncoderParams {
  /** `ignore`: an unseen category encodes as all zeros (one-hot) or -1 (ordinal); `error`: throw. */
  handle_unknown: HandleUnknown;
  /** Missing values: `category` → their own `<missing>` category; `most_frequent`; `constant` → `fill_category`. */
  impute_categorical: CategoricalImputation;
  fill_category: string;
}

/** Zod schema of `CategoricalEncoderParams`, every key defaulted. */
export const categoricalParamsSchema = z.strictObject({
  handle_unknown: z.enum(['ignore', 'error']).default(DEFAULT_PREPROCESSING.handle_unknown),
  impute_categorical: z.enum(['category', 'most_frequent', 'constant']).default(DEFAULT_PREPROCESSING.impute_categorical),
  fill_category: z.string().default(DEFAULT_PREPROCESSING.fill_category),
});

/** What an encoder learned about one column. */
export interface CategoricalColumnState {
  name: string;
  /** Categories present in the fitted rows (after imputation), in code-point order. */
  categories: string[];
  /** What a missing value becomes before encoding. */
  fill: string;
  /** The column had no values in fit (`most_frequent` then falls back to `fill_category`). */
  allMissing: boolean;
}

/** Zod schema of a saved `CategoricalColumnState`. */
export const categoricalStateSchema = z.object({
  name: z.string(),
  categories: z.array(z.string()),
  fill: z.string(),
  all_missing: z.boolean(),
});

/** Learns one column's categories and missing-value fill from its rows. */
export function fitCategoricalColumn(column: CategoricalColumn, params: CategoricalEncoderParams): CategoricalColumnState {
  const counts = new Int32Array(column.categories.length);
  let missing = 0;
  const { codes } = column;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) missing++;
    else counts[c]!++;
  }
  // Several codes may spell the same category; count by value.
  const byValue = new Map<string, number>();
  column.categories.forEach((category, c) => {
    if (counts[c]! > 0) byValue.set(category, (byValue.get(category) ?? 0) + counts[c]!);
  });
  let fill: string;
  let allMissing = false;
  if (params.impute_categorical === 'category') fill = MISSING_CATEGORY;
  else if (params.impute_categorical === 'constant') fill = params.fill_category;
  else {
    let best: string | undefined;
    let bestCount = 0;
    for (const [category, count] of byValue) {
      if (count > bestCount || (count === bestCount && best !== undefined && compareCodePoints(category, best) < 0)) {
        best = category;
        bestCount = count;
      }
    }
    allMissing = best === undefined;
    fill = best ?? params.fill_category;
  }
  const present = new Set(byValue.keys());
  if (missing > 0) present.add(fill);
  return { name: column.name, categories: [...present].sort(compareCodePoints), fill, allMissing };
}

/**
 * For each code of `column` (shifted by one: index 0 is "missing"), the index of its category in
 * `state.categories`, or -1 for a category not seen in fit.
 */
export function codeLookup(column: CategoricalColumn, state: CategoricalColumnState): Int32Array {
  const index = new Map<string, number>(state.categories.map((category, k) => [category, k]));
  const lookup = new Int32Array(column.categories.length + 1);
  lookup[0] = index.get(state.fill) ?? -1;
  column.categories.forEach((category, c) => {
    lookup[c + 1] = index.get(category) ?? -1;
  });
  return lookup;
}

/** The error for an unseen category under `handle_unknown: error`, naming column, value and row. */
export function unknownCategoryError(transformer: string, column: CategoricalColumn, state: CategoricalColumnState, row: number): SweepError {
  const code = column.codes[row]!;
  const value = code < 0 ? state.fill : column.categories[code]!;
  const shown = code < 0 ? `'${value}' (a missing value, filled)` : `'${value}'`;
  return new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `${transformer}: column '${column.name}' has category ${shown} in row ${row}, which was not seen in fit`, {
    hint: "use handle_unknown: ignore to encode unseen categories as all zeros (one-hot) or -1 (ordinal)",
    details: { column: column.name, value, missing: code < 0, row },
  });
}

/** The column named `name` of `X`, checked to be categorical. */
export function categoricalColumn(transformer: string, X: Table, name: string): CategoricalColumn {
  const column = findColumn(transformer, X, name);
  if (column.kind !== 'categorical') throw invalidInput(transformer, `column '${name}' was categorical in fit but is ${column.kind} now`, 'load the data with the same column types as the training data');
  return column;
}

/** The column named `name` of `X`, or a `SWEEP_COLUMN_NOT_FOUND` error naming it. */
export function findColumn(transformer: string, X: Table, name: string): Column {
  const column = X.columns.find((c) => c.name === name);
  if (column === undefined) {
    throw new SweepError('SWEEP_COLUMN_NOT_FOUND', `${transformer}: column '${name}' was seen in fit but is missing from the table to transform`, {
      hint: `the table has columns: ${X.columns.map((c) => c.name).join(', ')}`,
      details: { column: name },
    });
  }
  if (column.kind === 'categorical' ? column.codes.length !== X.nRows : column.values.length !== X.nRows) {
    throw invalidInput(transformer, `column '${name}' has ${column.kind === 'categorical' ? column.codes.length : column.values.length} values but the table has ${X.nRows} rows`);
  }
  return column;
}

/** The categorical columns of a table to fit an encoder on; a numeric column is an error. */
export function categoricalColumns(transformer: string, X: Table): CategoricalColumn[] {
  return X.columns.map((column) => {
    if (column.kind !== 'categorical') throw invalidInput(transformer, `column '${column.name}' is numeric; encoders take categorical columns`, 'use TablePreprocessor to encode a mixed table');
    findColumn(transformer, X, column.name);
    return column;
  });
}

/**
 * The shared body of `OneHotEncoder` and `OrdinalEncoder`: params, fit on categorical columns,
 * transform by column name, JSON. Subclasses say how wide each column's output is and write it.
 */
export abstract class CategoricalEncoder {
  /** What was learned per fitted column, in fitted order. */
  columns_: CategoricalColumnState[] | undefined = undefined;
  private readonly rawParams: Partial<CategoricalEncoderParams>;

  protected constructor(
    /** The serialized `type` and the name in error messages. */
    readonly kind: string,
    params: Partial<CategoricalEncoderParams>,
  ) {
    this.rawParams = { ...params };
  }

  /** Params with defaults filled in (validated). */
  getParams(): CategoricalEncoderParams {
    return parseWith(this.kind, 'params', categoricalParamsSchema, this.rawParams);
  }

  /** The learned categories per column, in fitted order (scikit-learn's `categories_`). */
  get categories_(): string[][] | undefined {
    return this.columns_?.map((c) => c.categories);
  }

  /** Learns categories from every column of `X` (all must be categorical). */
  fit(X: Table): this {
    return this.fitColumns(categoricalColumns(this.kind, X));
  }

  /** Learns categories from the given columns (how `TablePreprocessor` fits). */
  fitColumns(columns: readonly CategoricalColumn[]): this {
    const params = this.getParams();
    this.columns_ = columns.map((column) => fitCategoricalColumn(column, params));
    return this;
  }

  /** Output columns of fitted column `k`. */
  abstract width(k: number): number;

  /** Output feature names of fitted column `k`. */
  abstract featureNamesOf(k: number): string[];

  /**
   * Writes the encoding of `column` (matched to fitted column `k`) into the row-major `out`,
   * starting at `offset` in each row of `stride` values. `out` must hold zeros there.
   */
  abstract writeColumn(column: CategoricalColumn, k: number, out: Float64Array, offset: number, stride: number): void;

  /** Output feature names, in output order. */
  getFeatureNamesOut(): string[] {
    const columns = this.fitted();
    return columns.flatMap((_, k) => this.featureNamesOf(k));
  }

  /** Encodes the fitted columns of `X`, found by name (other columns are ignored). */
  transform(X: Table): Matrix {
    const columns = this.fitted();
    const widths = columns.map((_, k) => this.width(k));
    const cols = widths.reduce((a, b) => a + b, 0);
    const data = new Float64Array(X.nRows * cols);
    let offset = 0;
    columns.forEach((state, k) => {
      this.writeColumn(categoricalColumn(this.kind, X, state.name), k, data, offset, cols);
      offset += widths[k]!;
    });
    return { data, rows: X.nRows, cols, columns: this.getFeatureNamesOut() };
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Table): Matrix {
    return this.fit(X).transform(X);
  }

  /** Params and learned state as JSON. */
  toJSON(): JsonObject {
    const columns = this.fitted();
    const params = this.getParams();
    return {
      ...header(this.kind),
      params: { handle_unknown: params.handle_unknown, impute_categorical: params.impute_categorical, fill_category: params.fill_category },
      state: { columns: columns.map((c) => ({ name: c.name, categories: [...c.categories], fill: c.fill, all_missing: c.allMissing })) },
    };
  }

  /** Restores learned state from `toJSON` output into this (unfitted) encoder. */
  protected restore(json: JsonObject): this {
    expectType(json, this.kind);
    const state = parseWith(this.kind, 'state', z.object({ columns: z.array(categoricalStateSchema) }), json['state']);
    this.columns_ = state.columns.map((c) => ({ name: c.name, categories: c.categories, fill: c.fill, allMissing: c.all_missing }));
    return this;
  }

  /** The learned columns, or a not-fitted error. */
  protected fitted(): CategoricalColumnState[] {
    if (this.columns_ === undefined) throw notFitted(this.kind);
    return this.columns_;
  }
}
