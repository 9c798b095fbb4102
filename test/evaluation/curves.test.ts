/**
 * Learning and validation curves: sizes as scikit-learn's `_translate_train_sizes`, shapes,
 * seeds, the per-point preprocessing, and errors for unknown parameters.
 */
import { describe, expect, it } from 'vitest';
import type { Label, Table } from '../../src/core/index.js';
import { crossValidate, learningCurve, translateTrainSizes, validationCurve, type FitSpec, type Fold } from '../../src/evaluation/index.js';
import { range } from '../fixtures/evaluation/model-selection-data.js';

/** Sorted by class (the first half is one class): unshuffled prefixes would hold a single class. */
function sortedData(n: number): { X: Table; y: Label[] } {
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  const y: Label[] = [];
  let s = 99;
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < n; i++) {
    const c = i < n / 2 ? 0 : 1;
    x[i] = c * 0.8 + rand();
    z[i] = rand();
    y.push(c === 0 ? 'neg' : 'pos');
  }
  const codes = Int32Array.from({ length: n }, (_, i) => i % 4);
  return { X: { nRows: n, columns: [{ name: 'x', kind: 'numeric', values: x }, { name: 'z', kind: 'numeric', values: z }, { name: 'c', kind: 'categorical', codes, categories: ['p', 'q', 'r', 's'] }] }, y };
}

const tree: FitSpec = { algorithm: 'decision-tree', engine: 'native', params: { max_depth: 3 }, preprocessing: {} };
const knn: FitSpec = { algorithm: 'knn', engine: 'native', params: {}, preprocessing: { scale: 'standard' } };

describe('translateTrainSizes', () => {
  it('fractions floor (at least 1), counts pass, sorted and distinct', () => {
    expect(translateTrainSizes([0.1, 0.5, 1], 95)).toEqual([9, 47, 95]);
    expect(translateTrainSizes([1, 0.001, 30, 30, 0.5], 60)).toEqual([1, 30, 60]);
  });
  it('rejects counts above the training part and nonsense sizes', () => {
    expect(() => translateTrainSizes([200], 100)).toThrow(/larger than the 100 rows/);
    expect(() => translateTrainSizes([0], 100)).toThrow(/neither a fraction/);
    expect(() => translateTrainSizes([2.5], 100)).toThrow(/neither a fraction/);
    expect(() => translateTrainSizes([], 100)).toThrow(/at least one/);
  });
});

describe('learningCurve', () => {
  const { X, y } = sortedData(200);
  const rows = range(200);

  it('has one point per size, ascending sizes, and scores in [0, 1]; same seed same curve', async () => {
    const options = { trainSizes: [0.1, 0.325, 0.55, 0.775, 1], cv: 4, scoring: 'accuracy', seed: 5 };
    const a = await learningCurve(X, y, rows, tree, options);
    const b = await learningCurve(X, y, rows, tree, options);
    expect(a.train_sizes).toEqual([15, 48, 82, 116, 150]); // 150 = the training part of 4 folds over 200 rows
    for (const key of ['train_mean', 'train_std', 'test_mean', 'test_std', 'fit_s_mean', 'fit_s_std'] as const) expect(a[key]).toHaveLength(5);
    expect([...a.train_mean, ...a.test_mean].every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(a.test_mean).toEqual(b.test_mean);
    expect(a.train_mean).toEqual(b.train_mean);
    expect(a.errors).toEqual([]); // shuffled prefixes of class-sorted data hold both classes
    expect(a.test_mean.at(-1)!).toBeGreaterThan(0.7);
    const c = await learningCurve(X, y, rows, tree, { ...options, seed: 6 });
    expect(c.test_mean).not.toEqual(a.test_mean);
  });

  it('the full-size point equals crossValidate on the same folds', async () => {
    const { X: X2, y: y2 } = sortedData(120);
    const folds: Fold[] = [
      { train: Int32Array.from(range(80, 40)), test: Int32Array.from(range(40)) },
      { train: Int32Array.from([...range(40), ...range(40, 80)]), test: Int32Array.from(range(40, 80)) },
    ];
    const lc = await learningCurve(X2, y2, range(120), knn, { trainSizes: [1], cv: 2, scoring: 'balanced_accuracy', seed: 0, folds });
    const cv = await crossValidate(X2, y2, folds, knn, { metrics: ['balanced_accuracy'] });
    const mean = (cv.test['balanced_accuracy']![0]! + cv.test['balanced_accuracy']![1]!) / 2;
    expect(lc.train_sizes).toEqual([80]);
    expect(lc.test_mean[0]).toBeCloseTo(mean, 12);
  });

  it('fits a preprocessor on exactly the rows of each point', async () => {
    const seen: Array<{ fold: number; n: number; rows: Int32Array }> = [];
    const r = await learningCurve(X, y, rows, knn, { trainSizes: [10, 50, 100], cv: 2, scoring: 'accuracy', seed: 1, onFit: (fold, pre, trainRows) => {
      seen.push({ fold, n: trainRows.length, rows: trainRows });
      // the scaler's mean is the mean of those rows alone
      const x = (X.columns[0] as { values: Float64Array }).values;
      const mean = Array.from(trainRows, (i) => x[i]!).reduce((t, v) => t + v, 0) / trainRows.length;
      expect((pre.scaler_ as { mean_: Float64Array }).mean_[0]).toBeCloseTo(mean, 12);
    } });
    expect(r.train_sizes).toEqual([10, 50, 100]);
    expect(seen.map((s) => s.n)).toEqual([10, 50, 100, 10, 50, 100]);
    // nested: the 10 rows are among the 50, which are among the 100 (same shuffled training part)
    const set = (a: Int32Array) => new Set(a);
    expect([...seen[0]!.rows].every((i) => set(seen[1]!.rows).has(i))).toBe(true);
    expect([...seen[1]!.rows].every((i) => set(seen[2]!.rows).has(i))).toBe(true);
  });

  it('a fit that fails (a training part with one class) scores NaN, as error_score=nan, and says why', async () => {
    const folds: Fold[] = [
      { train: Int32Array.from(range(100)), test: Int32Array.from(range(100, 100)) }, // all 'neg'
      { train: Int32Array.from(range(100, 50)), test: Int32Array.from([...range(50), ...range(50, 150)]) },
    ];
    const r = await learningCurve(X, y, rows, tree, { trainSizes: [0.5, 1], cv: 2, scoring: 'accuracy', seed: 0, folds });
    expect(r.train_sizes).toEqual([50, 100]);
    expect(r.test_mean.every(Number.isNaN)).toBe(true); // the mean over folds of a NaN is NaN, as numpy
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatch(/^fold 0, 50 rows: .*single class/);
  });

  it('uses only the given rows', async () => {
    const seen = new Set<number>();
    await learningCurve(X, y, range(100, 50), tree, { trainSizes: [1], cv: 2, scoring: 'accuracy', seed: 0, onFit: (_f, _p, trainRows) => trainRows.forEach((i) => seen.add(i)) });
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...seen)).toBeLessThan(150);
  });
});

describe('validationCurve', () => {
  const { X, y } = sortedData(200);
  const rows = range(200);

  it('one entry per value in the given order; deeper trees fit the training rows better', async () => {
    const values = [1, 2, 4, 8, null];
    const r = await validationCurve(X, y, rows, tree, { param: 'max_depth', values, cv: 3, scoring: 'accuracy', seed: 2 });
    expect(r.param).toBe('max_depth');
    expect(r.values).toEqual(values);
    for (const key of ['train_mean', 'train_std', 'test_mean', 'test_std', 'fit_s_mean'] as const) expect(r[key]).toHaveLength(values.length);
    for (let i = 1; i < values.length; i++) expect(r.train_mean[i]!).toBeGreaterThanOrEqual(r.train_mean[i - 1]!);
    expect(r.train_mean.at(-1)).toBe(1); // an unlimited tree memorizes distinct rows
    const again = await validationCurve(X, y, rows, tree, { param: 'max_depth', values, cv: 3, scoring: 'accuracy', seed: 2 });
    expect(again.test_mean).toEqual(r.test_mean);
  });

  it('preprocesses once per fold, on that fold’s training rows', async () => {
    const folds: number[] = [];
    await validationCurve(X, y, rows, knn, { param: 'n_neighbors', values: [1, 5, 15], cv: 4, scoring: 'accuracy', seed: 0, onFit: (f, _p, trainRows) => {
      folds.push(f);
      expect(trainRows.length).toBe(150);
    } });
    expect(folds).toEqual([0, 1, 2, 3]);
  });

  it('an unknown parameter names it and the algorithm, with a did-you-mean', async () => {
    const run = validationCurve(X, y, rows, knn, { param: 'n_neighbours', values: [1, 3], cv: 3, scoring: 'accuracy', seed: 0 });
    await expect(run).rejects.toThrow(/unknown hyperparameter of knn \(native\) 'n_neighbours'; did you mean 'n_neighbors'\?/);
    await expect(run).rejects.toMatchObject({ code: 'SWEEP_CONFIG_INVALID', details: { param: 'n_neighbours', algorithm: 'knn' } });
  });

  it('a value the estimator rejects scores NaN with the reason', async () => {
    const r = await validationCurve(X, y, rows, knn, { param: 'n_neighbors', values: [3, 0], cv: 2, scoring: 'accuracy', seed: 0 });
    expect(r.test_mean[0]).not.toBeNaN();
    expect(r.test_mean[1]).toBeNaN();
    expect(r.errors[0]).toMatch(/n_neighbors=0/);
  });
});
