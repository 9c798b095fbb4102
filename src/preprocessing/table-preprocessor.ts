/**
 * `TablePreprocessor`: a loaded `Table` → the dense `Matrix` estimators take, fitted on training
 * rows only. Numeric columns are imputed then scaled; categorical columns are encoded (one-hot
 * columns are not scaled, exactly as a scikit-learn `ColumnTransformer` with the scaler only on
 * the numeric columns). Output columns follow the table's column order, each categorical column
 * expanded in place.
 */
import { z } from 'zod';
import { type JsonObject, type Matrix, type NumericColumn, type Table } from '../core/index.js';
import { type CategoricalEncoder, categoricalColumn, findColumn } from './categorical.js';
import { type PreprocessingConfig, preprocessingConfigSchema } from './config.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { type ColumnPlan, type ColumnView, IDENTITY, writeColumns } from './numeric.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { OrdinalEncoder } from './ordinal-encoder.js';
import { invalidInput, notFitted, parseWith, expectType, header } from './shared.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';

const NAME = 'table-preprocessor';

/** A numeric scaler fitted inside a `TablePreprocessor`. */
export type NumericScaler = StandardScaler | MinMaxScaler;

/** Where one input column went in the output. */
export interface FittedColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Index among the fitted columns of its kind (into the imputer/scaler, or the encoder). */
  index: number;
  /** First output column. */
  offset: number;
  /** Number of output columns. */
  width: number;
}

const stateSchema = z.object({
  columns: z.array(z.object({ name: z.string(), kind: z.enum(['numeric', 'categorical']) })),
  imputer: z.record(z.string(), z.unknown()),
  scaler: z.record(z.string(), z.unknown()).nullable(),
  encoder: z.record(z.string(), z.unknown()),
});

/** A numeric column seen in place. */
function columnView(column: NumericColumn, fill?: number): ColumnView {
  const view: ColumnView = { values: column.values, offset: 0, stride: 1, length: column.values.length };
  if (fill !== undefined) view.fill = fill;
  return view;
}

/**
 * Turns tables into matrices: learns imputation fills, scaling and categories in `fit` (training
 * rows only) and applies them in `transform` (any rows). JSON round-trips to identical output.
 *
 * @example
 * const pre = new TablePreprocessor({ scale: 'standard' });
 * const Xtrain = pre.fitTransform(takeTableRows(X, fold.train));
 * const Xtest = pre.transform(takeTableRows(X, fold.test)); // statistics of the training rows only
 * pre.featureNames_; // ['age', 'workclass=Private', …]
 */
export class TablePreprocessor {
  /** Output column names: numeric columns by name, one-hot columns as `column=value`. */
  featureNames_: string[] = [];
  /** Input columns in fitted order, with their place in the output. */
  columns_: FittedColumn[] | undefined = undefined;
  /** The imputer of numeric columns (in their table order). */
  imputer_: SimpleImputer | undefined = undefined;
  /** The scaler of numeric columns, or null with `scale: none`. */
  scaler_: NumericScaler | null = null;
  /** The encoder of categorical columns (in their table order). */
  encoder_: CategoricalEncoder | undefined = undefined;
  private readonly rawConfig: Partial<PreprocessingConfig>;

  /** Takes settings only (missing keys from `DEFAULT_PREPROCESSING`); they are validated in `fit`. */
  constructor(config: Partial<PreprocessingConfig> = {}) {
    this.rawConfig = { ...config };
  }

  /** The settings with defaults filled in (validated). */
  get config(): PreprocessingConfig {
    return parseWith(NAME, 'config', preprocessingConfigSchema, this.rawConfig);
  }

  /** Number of output columns (after fit). */
  get nFeaturesOut(): number {
    return this.featureNames_.length;
  }

  /** Learns everything from the rows of `X`; fitting again forgets the previous fit. */
  fit(X: Table): this {
    const config = this.config;
    this.columns_ = undefined;
    this.featureNames_ = [];
    if (X.nRows === 0) throw invalidInput(NAME, 'cannot fit on a table with no rows', 'check the dataset and its split');
    const seen = new Set<string>();
    for (const column of X.columns) {
      if (seen.has(column.name)) throw invalidInput(NAME, `the table has two columns named '${column.name}'`);
      seen.add(column.name);
      findColumn(NAME, X, column.name); // checks its length
    }
    const numeric = X.columns.filter((c): c is NumericColumn => c.kind === 'numeric');
    const categorical = X.columns.filter((c) => c.kind === 'categorical');
    const imputer = new SimpleImputer({ strategy: config.impute_numeric, fill_value: config.fill_value }).fitColumns(numeric.map((c) => columnView(c)));
    const scaler = config.scale === 'standard' ? new StandardScaler() : config.scale === 'minmax' ? new MinMaxScaler() : null;
    scaler?.fitColumns(numeric.map((c, k) => columnView(c, imputer.fillOf(k))));
    const encoderParams = { handle_unknown: config.handle_unknown, impute_categorical: config.impute_categorical, fill_category: config.fill_category };
    const encoder = config.categorical === 'onehot' ? new OneHotEncoder(encoderParams) : new OrdinalEncoder(encoderParams);
    encoder.fitColumns(categorical);
    this.setFitted(
      X.columns.map((c) => ({ name: c.name, kind: c.kind })),
      imputer,
      scaler,
      encoder,
    );
    return this;
  }

  /** The matrix of `X`'s rows; columns are found by name (extra columns are ignored). */
  transform(X: Table): Matrix {
    const columns = this.fitted();
    const imputer = this.imputer_!;
    const encoder = this.encoder_!;
    const cols = this.featureNames_.length;
    const data = new Float64Array(X.nRows * cols);
    const numeric: ColumnPlan[] = [];
    for (const fitted of columns) {
      if (fitted.kind === 'categorical') {
        encoder.writeColumn(categoricalColumn(NAME, X, fitted.name), fitted.index, data, fitted.offset, cols);
        continue;
      }
      const column = findColumn(NAME, X, fitted.name);
      if (column.kind !== 'numeric') throw invalidInput(NAME, `column '${fitted.name}' was numeric in fit but is categorical now`, 'load the data with the same column types as the training data');
      const affine = this.scaler_ === null ? IDENTITY : this.scaler_.affine(fitted.index);
      numeric.push({ values: column.values, fill: imputer.fillOf(fitted.index), affine, offset: fitted.offset });
    }
    writeColumns(numeric, X.nRows, data, cols);
    const out: Matrix = { data, rows: X.nRows, cols, columns: [...this.featureNames_] };
    // Ordinal codes are categories, not measurements: say which columns hold them.
    if (this.encoder_ instanceof OrdinalEncoder) {
      const marks = new Array<boolean>(cols).fill(false);
      for (const fitted of columns) if (fitted.kind === 'categorical') marks[fitted.offset] = true;
      out.categorical = marks;
    }
    return out;
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Table): Matrix {
    return this.fit(X).transform(X);
  }

  /** Settings and everything learned, as JSON (`fromJSON` of it transforms identically). */
  toJSON(): JsonObject {
    const columns = this.fitted();
    return {
      ...header(NAME),
      config: { ...this.config },
      feature_names: [...this.featureNames_],
      state: {
        columns: columns.map((c) => ({ name: c.name, kind: c.kind })),
        imputer: this.imputer_!.toJSON(),
        scaler: this.scaler_ === null ? null : this.scaler_.toJSON(),
        encoder: this.encoder_!.toJSON(),
      },
    };
  }

  /** Restores a fitted preprocessor from `toJSON` output. */
  static fromJSON(json: JsonObject): TablePreprocessor {
    expectType(json, NAME);
    const config = parseWith(NAME, 'config', preprocessingConfigSchema, json['config']);
    const state = parseWith(NAME, 'state', stateSchema, json['state']);
    const pre = new TablePreprocessor(config);
    const scalerJson = state.scaler as JsonObject | null;
    const scaler = scalerJson === null ? null : config.scale === 'minmax' ? MinMaxScaler.fromJSON(scalerJson) : StandardScaler.fromJSON(scalerJson);
    const encoderJson = state.encoder as JsonObject;
    const encoder = config.categorical === 'onehot' ? OneHotEncoder.fromJSON(encoderJson) : OrdinalEncoder.fromJSON(encoderJson);
    pre.setFitted(state.columns, SimpleImputer.fromJSON(state.imputer as JsonObject), scaler, encoder);
    return pre;
  }

  /** Lays out the output from fitted parts (shared by `fit` and `fromJSON`). */
  private setFitted(columns: ReadonlyArray<{ name: string; kind: 'numeric' | 'categorical' }>, imputer: SimpleImputer, scaler: NumericScaler | null, encoder: CategoricalEncoder): void {
    const layout: FittedColumn[] = [];
    const names: string[] = [];
    let nNumeric = 0;
    let nCategorical = 0;
    for (const { name, kind } of columns) {
      const index = kind === 'numeric' ? nNumeric++ : nCategorical++;
      const featureNames = kind === 'numeric' ? [name] : encoder.featureNamesOf(index);
      layout.push({ name, kind, index, offset: names.length, width: featureNames.length });
      names.push(...featureNames);
    }
    if ((imputer.statistics_?.length ?? -1) !== nNumeric || (encoder.columns_?.length ?? -1) !== nCategorical) {
      throw invalidInput(NAME, 'saved state does not match its column list', 'the preprocessor JSON is corrupt; fit it again');
    }
    this.columns_ = layout;
    this.featureNames_ = names;
    this.imputer_ = imputer;
    this.scaler_ = scaler;
    this.encoder_ = encoder;
  }

  /** The fitted layout, or a not-fitted error. */
  private fitted(): FittedColumn[] {
    if (this.columns_ === undefined) throw notFitted(NAME);
    return this.columns_;
  }
}
