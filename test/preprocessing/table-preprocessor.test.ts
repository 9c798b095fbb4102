/** TablePreprocessor and its pieces: layout, errors, edge cases, the integer fast path, JSON. */
import { describe, expect, it } from 'vitest';
import { SweepError, type JsonObject, type Table, takeRows, takeTableRows, toRows } from '../../src/core/index.js';
import {
  DEFAULT_PREPROCESSING,
  MISSING_CATEGORY,
  MinMaxScaler,
  OneHotEncoder,
  OrdinalEncoder,
  SimpleImputer,
  StandardScaler,
  TablePreprocessor,
  resolveScaling,
} from '../../src/preprocessing/index.js';
import { tableOf } from './helpers.js';

const mixed = (): Table =>
  tableOf([
    { name: 'age', kind: 'numeric', values: [30, null, 50, 40] },
    { name: 'color', kind: 'categorical', values: ['red', 'blue', null, 'red'] },
    { name: 'size', kind: 'numeric', values: [1, 2, 3, 4] },
    { name: 'shape', kind: 'categorical', values: ['sq', 'sq', 'ci', 'ci'] },
  ]);

function caught(f: () => unknown): SweepError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(SweepError);
    return error as SweepError;
  }
  throw new Error('expected an error');
}

describe('TablePreprocessor', () => {
  it('keeps table column order and expands categorical columns in place', () => {
    const pre = new TablePreprocessor().fit(mixed());
    expect(pre.featureNames_).toEqual(['age', `color=${MISSING_CATEGORY}`, 'color=blue', 'color=red', 'size', 'shape=ci', 'shape=sq']);
    expect(toRows(pre.transform(mixed()))).toEqual([
      [30, 0, 0, 1, 1, 0, 1],
      [40, 0, 1, 0, 2, 0, 1],
      [50, 1, 0, 0, 3, 1, 0],
      [40, 0, 0, 1, 4, 1, 0],
    ]);
  });

  it('marks ordinal-coded columns as categorical (for native categorical splits); one-hot output carries no marks', () => {
    const ordinal = new TablePreprocessor({ categorical: 'ordinal' }).fitTransform(mixed());
    expect(ordinal.columns).toEqual(['age', 'color', 'size', 'shape']);
    expect(ordinal.categorical).toEqual([false, true, false, true]);
    expect(takeRows(ordinal, [2, 0]).categorical).toEqual([false, true, false, true]);
    expect(new TablePreprocessor().fitTransform(mixed()).categorical).toBeUndefined();
  });

  it('does not scale one-hot columns', () => {
    const X = new TablePreprocessor({ scale: 'standard', impute_numeric: 'median' }).fitTransform(mixed());
    const rows = toRows(X);
    expect(rows.map((r) => r[1])).toEqual([0, 0, 1, 0]);
    expect(rows.map((r) => r[5])).toEqual([0, 0, 1, 1]);
    const size = rows.map((r) => r[4]!);
    expect(size.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });

  it('finds columns by name: reordered and extra columns give the same matrix', () => {
    const pre = new TablePreprocessor({ scale: 'minmax' }).fit(mixed());
    const t = mixed();
    const shuffled: Table = { nRows: t.nRows, columns: [t.columns[3]!, { name: 'extra', kind: 'numeric', values: new Float64Array(4) }, t.columns[2]!, t.columns[0]!, t.columns[1]!] };
    expect(pre.transform(shuffled)).toEqual(pre.transform(t));
  });

  it('names a fitted column missing from the table to transform', () => {
    const pre = new TablePreprocessor().fit(mixed());
    const t = mixed();
    const error = caught(() => pre.transform({ nRows: 4, columns: t.columns.filter((c) => c.name !== 'size') }));
    expect(error.code).toBe('SWEEP_COLUMN_NOT_FOUND');
    expect(error.message).toContain("'size'");
  });

  it('rejects a column whose kind changed', () => {
    const pre = new TablePreprocessor().fit(mixed());
    const t = mixed();
    const changed: Table = { nRows: 4, columns: t.columns.map((c) => (c.name === 'age' ? { name: 'age', kind: 'categorical', codes: new Int32Array(4), categories: ['x'] } : c)) };
    expect(caught(() => pre.transform(changed)).message).toMatch(/'age' was numeric in fit/);
  });

  it.each(['onehot', 'ordinal'] as const)('handle_unknown: error names column, value and row (%s)', (categorical) => {
    const pre = new TablePreprocessor({ categorical, handle_unknown: 'error' }).fit(mixed());
    const test = tableOf([
      { name: 'age', kind: 'numeric', values: [1, 2, 3] },
      { name: 'color', kind: 'categorical', values: ['red', 'red', 'green'] },
      { name: 'size', kind: 'numeric', values: [1, 2, 3] },
      { name: 'shape', kind: 'categorical', values: ['sq', 'sq', 'sq'] },
    ]);
    const error = caught(() => pre.transform(test));
    expect(error.code).toBe('SWEEP_ESTIMATOR_INVALID_INPUT');
    expect(error.message).toMatch(/column 'color' has category 'green' in row 2/);
    expect(error.details).toMatchObject({ column: 'color', value: 'green', row: 2 });
  });

  it('handle_unknown: ignore gives an all-zero one-hot row and -1 ordinal', () => {
    const test = tableOf([{ name: 'color', kind: 'categorical', values: ['green', 'red'] }]);
    const train = tableOf([{ name: 'color', kind: 'categorical', values: ['red', 'blue'] }]);
    expect(toRows(new OneHotEncoder().fit(train).transform(test))).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(toRows(new OrdinalEncoder().fit(train).transform(test))).toEqual([[-1], [1]]);
  });

  it('a missing value unseen in fit is an unknown category (error names it as missing)', () => {
    const train = tableOf([{ name: 'color', kind: 'categorical', values: ['red', 'blue'] }]);
    const test = tableOf([{ name: 'color', kind: 'categorical', values: ['red', null] }]);
    expect(toRows(new OneHotEncoder().fit(train).transform(test))).toEqual([
      [0, 1],
      [0, 0],
    ]);
    const error = caught(() => new OneHotEncoder({ handle_unknown: 'error' }).fit(train).transform(test));
    expect(error.message).toContain(`'${MISSING_CATEGORY}' (a missing value, filled) in row 1`);
  });

  it('keeps a numeric column that is all-missing in fit, filled with 0 and flagged in the JSON', () => {
    const t = tableOf([
      { name: 'a', kind: 'numeric', values: [null, null, null] },
      { name: 'b', kind: 'numeric', values: [1, 2, null] },
    ]);
    for (const impute_numeric of ['mean', 'median', 'most_frequent'] as const) {
      const pre = new TablePreprocessor({ impute_numeric, scale: 'standard' }).fit(t);
      expect(pre.featureNames_).toEqual(['a', 'b']);
      expect(toRows(pre.transform(t)).map((r) => r[0])).toEqual([0, 0, 0]);
      const json = pre.toJSON() as { state: { imputer: { state: { all_missing: boolean[]; statistics: unknown[] } } } };
      expect(json.state.imputer.state.all_missing).toEqual([true, false]);
      expect(json.state.imputer.state.statistics[0]).toBe(0);
    }
  });

  it('most_frequent on an all-missing categorical column falls back to fill_category', () => {
    const t = tableOf([{ name: 'c', kind: 'categorical', values: [null, null] }]);
    const enc = new OneHotEncoder({ impute_categorical: 'most_frequent', fill_category: 'none-seen' }).fit(t);
    expect(enc.getFeatureNamesOut()).toEqual(['c=none-seen']);
    expect(enc.columns_![0]!.allMissing).toBe(true);
  });

  it('most_frequent ties go to the smallest value (numbers and categories), as scikit-learn', () => {
    const imp = new SimpleImputer({ strategy: 'most_frequent' }).fit({ data: Float64Array.from([5, 3, 5, 3, NaN, 9]), rows: 6, cols: 1 });
    expect(imp.statistics_![0]).toBe(3);
    const t = tableOf([{ name: 'c', kind: 'categorical', values: ['b', 'a', 'b', 'a', null] }]);
    expect(new OrdinalEncoder({ impute_categorical: 'most_frequent' }).fitTransform(t).data).toEqual(Float64Array.from([1, 0, 1, 0, 0]));
  });

  it('sorts categories in Python string order (code points, uppercase before lowercase)', () => {
    const t = tableOf([{ name: 'c', kind: 'categorical', values: ['b', 'B', 'a', '10', '9', 'é', '😀', '\uffee'] }]);
    expect(new OneHotEncoder().fit(t).categories_![0]).toEqual(['10', '9', 'B', 'a', 'b', 'é', '\uffee', '😀']);
  });

  it('learns only categories present in the fitted rows, not every category the column lists', () => {
    const full = tableOf([{ name: 'c', kind: 'categorical', values: ['x', 'y', 'z', 'x'] }]);
    const enc = new OneHotEncoder().fit(takeTableRows(full, [0, 3]));
    expect(enc.categories_).toEqual([['x']]);
  });

  it('impute_numeric: none keeps NaN (scalers ignore it in fit)', () => {
    const t = tableOf([{ name: 'a', kind: 'numeric', values: [1, null, 3] }]);
    const X = new TablePreprocessor({ impute_numeric: 'none', scale: 'standard' }).fitTransform(t);
    expect(Array.from(X.data)).toEqual([-1, NaN, 1]);
  });

  it('the Uint8Array fast path equals the Float64Array path', () => {
    const n = 300;
    const columns = Array.from({ length: 5 }, (_, j) => {
      const u8 = Uint8Array.from({ length: n }, (_, i) => (i * (j + 7) * 31) % 256);
      return { u8, f64: Float64Array.from(u8) };
    });
    // one constant column, like the blank border pixels of Fashion-MNIST
    columns.push({ u8: new Uint8Array(n), f64: new Float64Array(n) });
    const asTable = (key: 'u8' | 'f64'): Table => ({ nRows: n, columns: columns.map((c, j) => ({ name: `pixel${j}`, kind: 'numeric', values: c[key] })) });
    for (const scale of ['standard', 'minmax', 'none'] as const) {
      const fast = new TablePreprocessor({ scale }).fitTransform(asTable('u8'));
      const slow = new TablePreprocessor({ scale }).fitTransform(asTable('f64'));
      expect(fast.data).toEqual(slow.data);
      expect(Array.from(fast.data.filter((_, k) => k % 6 === 5))).toEqual(new Array(n).fill(0));
    }
  });

  it('validates config in fit, not in the constructor', () => {
    const pre = new TablePreprocessor({ scale: 'huge' as 'none' });
    expect(caught(() => pre.fit(mixed())).message).toMatch(/invalid config: scale/);
  });

  it('refuses transform and toJSON before fit, and empty tables in fit', () => {
    expect(caught(() => new TablePreprocessor().transform(mixed())).code).toBe('SWEEP_ESTIMATOR_NOT_FITTED');
    expect(caught(() => new TablePreprocessor().toJSON()).code).toBe('SWEEP_ESTIMATOR_NOT_FITTED');
    expect(caught(() => new TablePreprocessor().fit({ nRows: 0, columns: [] })).message).toMatch(/no rows/);
  });

  it('rejects JSON of another type or with a broken state', () => {
    const json = new TablePreprocessor().fit(mixed()).toJSON();
    expect(caught(() => TablePreprocessor.fromJSON({ ...json, type: 'one-hot-encoder' })).message).toMatch(/expected JSON of type 'table-preprocessor'/);
    const state = json['state'] as JsonObject;
    expect(caught(() => TablePreprocessor.fromJSON({ ...json, state: { ...state, columns: [] } })).message).toMatch(/does not match/);
  });

  it('round-trips each piece through JSON text', () => {
    const X = { data: Float64Array.from([1, NaN, 3, 4, 5, 6]), rows: 3, cols: 2 };
    const t = mixed();
    const again = <T>(value: { toJSON(): JsonObject }, load: (json: JsonObject) => T): T => load(JSON.parse(JSON.stringify(value.toJSON())) as JsonObject);
    const imp = new SimpleImputer({ strategy: 'median' }).fit(X);
    expect(again(imp, SimpleImputer.fromJSON).transform(X)).toEqual(imp.transform(X));
    const noImp = new SimpleImputer({ strategy: 'none' }).fit(X);
    expect(again(noImp, SimpleImputer.fromJSON).statistics_).toEqual(noImp.statistics_);
    const std = new StandardScaler().fit(X);
    expect(again(std, StandardScaler.fromJSON).transform(X)).toEqual(std.transform(X));
    const mm = new MinMaxScaler().fit(X);
    expect(again(mm, MinMaxScaler.fromJSON).transform(X)).toEqual(mm.transform(X));
    const categorical: Table = { nRows: t.nRows, columns: t.columns.filter((c) => c.kind === 'categorical') };
    const oh = new OneHotEncoder({ impute_categorical: 'constant', fill_category: '?' }).fit(categorical);
    expect(again(oh, OneHotEncoder.fromJSON).transform(t)).toEqual(oh.transform(t));
    const ord = new OrdinalEncoder().fit(categorical);
    expect(again(ord, OrdinalEncoder.fromJSON).transform(t)).toEqual(ord.transform(t));
  });

  it('encoders refuse numeric columns', () => {
    expect(caught(() => new OneHotEncoder().fit(mixed())).message).toMatch(/column 'age' is numeric/);
  });
});

describe('resolveScaling', () => {
  it('auto standardizes exactly when the estimator declares it needs scaling', () => {
    expect(resolveScaling('auto', true)).toBe('standard');
    expect(resolveScaling('auto', false)).toBe('none');
  });
  it('passes explicit choices through', () => {
    expect(resolveScaling('minmax', false)).toBe('minmax');
    expect(resolveScaling('none', true)).toBe('none');
  });
  it('defaults are complete and valid', () => {
    expect(Object.keys(DEFAULT_PREPROCESSING).sort()).toEqual(['categorical', 'fill_category', 'fill_value', 'handle_unknown', 'impute_categorical', 'impute_numeric', 'scale']);
  });
});
