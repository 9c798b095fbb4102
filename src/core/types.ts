/**
 * The data shapes that cross layer boundaries: tables as loaded (typed columns), dense matrices as
 * estimators see them, labels, and JSON values.
 */

/** A JSON value (what configs, params, results and model files are made of). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A class label: labels may be strings or numbers, as in scikit-learn. */
export type Label = string | number;

/** Hyperparameters of an estimator or transformer (JSON-safe). */
export type Params = Record<string, JsonValue>;

/** Numeric storage a column may use; `NaN` marks a missing value in float arrays. */
export type NumericArray = Float64Array | Float32Array | Uint8Array | Int32Array;

/** A numeric column; missing values are `NaN` (only float arrays can hold missing values). */
export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: NumericArray;
}

/** A categorical column: `codes[i]` indexes `categories`, `-1` marks a missing value. */
export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  codes: Int32Array;
  categories: string[];
}

/** One column of a table. */
export type Column = NumericColumn | CategoricalColumn;

/**
 * Something odd a reader met in the data and dealt with, so it is said (CLI, report, dataset.json)
 * rather than silent: `unparsed` tokens read as missing in a numeric column, `infinite` values
 * (`inf`, `1e309`) read as missing, or a format setting (`delimiter`, `decimal`) `sniffed`.
 */
export interface DataNote {
  kind: 'unparsed' | 'infinite' | 'sniffed';
  /** The column concerned (null for the whole file). */
  column: string | null;
  /** How many values (0 for `sniffed`). */
  count: number;
  /** The first few distinct offending tokens, as written. */
  examples: string[];
  /** One line for people, e.g. `column 'x': 3 values are not numbers ('oops', 'n/a'); read as missing`. */
  message: string;
}

/** A loaded table: named, typed columns of equal length. `notes` says what the reader had to decide. */
export interface Table {
  nRows: number;
  columns: Column[];
  notes?: DataNote[];
}

/**
 * A dense row-major matrix: row `i`, column `j` is `data[i * cols + j]`.
 * `columns` names the features when known (after encoding: `color=red`).
 */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
  columns?: string[];
  /**
   * Which columns hold category codes (0..k-1; -1 for a category unseen in fit) rather than
   * measurements, when known: the preprocessor marks ordinal-encoded categorical columns, so an
   * estimator that splits categories natively finds them (scikit-learn's `from_dtype`).
   */
  categorical?: boolean[];
}

/** Makes a zero-filled matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { data: new Float64Array(rows * cols), rows, cols };
}

/** Builds a matrix from an array of rows (tests and small inputs). */
export function fromRows(rows: ReadonlyArray<ArrayLike<number>>, columns?: string[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? (columns?.length ?? 0) : rows[0]!.length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = row[j]!;
  }
  return columns === undefined ? { data, rows: r, cols: c } : { data, rows: r, cols: c, columns };
}

/** Row `i` of a matrix as an array (tests and small inputs). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** The rows of `m` at `indices`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  const taken: Matrix = { data: out, rows: indices.length, cols: m.cols };
  if (m.columns !== undefined) taken.columns = m.columns;
  if (m.categorical !== undefined) taken.categorical = m.categorical;
  return taken;
}

/** The rows of a table at `indices`, in that order. */
export function takeTableRows(table: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const columns = table.columns.map((col): Column => {
    if (col.kind === 'categorical') {
      const codes = new Int32Array(n);
      for (let k = 0; k < n; k++) codes[k] = col.codes[indices[k]!]!;
      return { name: col.name, kind: 'categorical', codes, categories: col.categories };
    }
    const Ctor = col.values.constructor as new (n: number) => NumericArray;
    const values = new Ctor(n);
    for (let k = 0; k < n; k++) values[k] = col.values[indices[k]!]!;
    return { name: col.name, kind: 'numeric', values };
  });
  return { nRows: n, columns };
}

/** Elements of `values` at `indices`. */
export function take<T>(values: readonly T[], indices: ArrayLike<number>): T[] {
  const out = new Array<T>(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]!]!;
  return out;
}

/** A table's target, split off: features plus labels. */
export interface LabeledTable {
  X: Table;
  y: Label[];
}
