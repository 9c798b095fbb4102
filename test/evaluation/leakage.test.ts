/**
 * No leakage in model selection: every preprocessor crossValidate, searches and curves fit sees
 * the training rows of its own fold only. Fold k's validation rows carry extreme values, missing
 * values and a category found nowhere else; the preprocessor fitted for fold k must have learned
 * exactly what a fit on its training rows alone learns, and none of it. Rows outside a search's
 * training rows must not change its result at all.
 */
import { describe, expect, it } from 'vitest';
import { takeTableRows, type Label, type Table } from '../../src/core/index.js';
import { crossValidate, learningCurve, searchHyperparameters, stratifiedKFold, validationCurve, type FitSpec, type Fold } from '../../src/evaluation/index.js';
import { TablePreprocessor, type MinMaxScaler, type PreprocessingConfig, type StandardScaler } from '../../src/preprocessing/index.js';

const N = 90;
const K = 3;

/** The extreme value of x planted in fold k's validation rows (distinct per fold). */
const extreme = (k: number): number => (k % 2 === 0 ? 1 : -1) * (k + 1) * 1e9;

/** A table whose fold-k validation rows are poisoned: x = `extreme(k)` or missing, category `only-in-fold-k`. */
function poisoned(folds: readonly Fold[]): { X: Table; y: Label[] } {
  const x = Float64Array.from({ length: N }, (_, i) => (i % 10) + (i % 2) * 4);
  const w = Float64Array.from({ length: N }, (_, i) => ((i * 7) % 13) - 6);
  const categories = ['a', 'b', 'c'];
  const codes = Int32Array.from({ length: N }, (_, i) => i % 3);
  folds.forEach((fold, k) => {
    categories.push(`only-in-fold-${k}`);
    fold.test.forEach((i, j) => {
      if (j % 3 === 0) x[i] = extreme(k);
      if (j % 3 === 1) x[i] = NaN;
      if (j % 4 === 0) codes[i] = categories.length - 1;
      if (j % 5 === 0) codes[i] = -1;
    });
  });
  return {
    X: { nRows: N, columns: [{ name: 'x', kind: 'numeric', values: x }, { name: 'c', kind: 'categorical', codes, categories }, { name: 'w', kind: 'numeric', values: w }] },
    y: Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 'even' : 'odd')),
  };
}

const yAll: Label[] = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 'even' : 'odd'));
const folds = stratifiedKFold(yAll, { nSplits: K, shuffle: true, seed: 11 });
const { X, y } = poisoned(folds);

/** Mean, median, min and max of the finite values of column x over `rows` (computed here, independently). */
function handStats(rows: Int32Array): { mean: number; median: number; min: number; max: number } {
  const values = Array.from(rows, (i) => (X.columns[0] as { values: Float64Array }).values[i]!).filter(Number.isFinite).sort((a, b) => a - b);
  const m = values.length >> 1;
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    median: values.length % 2 === 1 ? values[m]! : (values[m - 1]! + values[m]!) / 2,
    min: values[0]!,
    max: values.at(-1)!,
  };
}

for (const config of [
  { scale: 'standard', impute_numeric: 'mean', categorical: 'onehot' },
  { scale: 'minmax', impute_numeric: 'median', categorical: 'ordinal', impute_categorical: 'most_frequent' },
] as Array<Partial<PreprocessingConfig>>) {
  describe(`crossValidate with ${JSON.stringify(config)}`, () => {
    it('fits fold k’s preprocessor on fold k’s training rows only', async () => {
      const spec: FitSpec = { algorithm: 'knn', engine: 'native', params: { n_neighbors: 3 }, preprocessing: config };
      const fitted: Array<{ pre: TablePreprocessor; rows: Int32Array }> = [];
      const result = await crossValidate(X, y, folds, spec, { metrics: ['accuracy'], onFit: (fold, pre, rows) => (fitted[fold] = { pre, rows }) });
      expect(result.test['accuracy']!.every(Number.isFinite)).toBe(true);
      expect(fitted).toHaveLength(K);
      folds.forEach((fold, k) => {
        const { pre, rows } = fitted[k]!;
        expect(Array.from(rows)).toEqual(Array.from(fold.train));
        // identical to an independent fit on the training rows …
        const alone = new TablePreprocessor(config).fit(takeTableRows(X, fold.train)).toJSON();
        expect(pre.toJSON()).toEqual(alone);
        // … and different from a fit that saw the validation rows
        expect(pre.toJSON()).not.toEqual(new TablePreprocessor(config).fit(takeTableRows(X, Int32Array.from({ length: N }, (_, i) => i))).toJSON());
        // statistics by hand from the training rows; fold k's own extreme is never seen
        const hand = handStats(fold.train);
        if (config.scale === 'standard') {
          const mean = (pre.scaler_ as StandardScaler).mean_![0]!;
          expect(Math.abs(mean - hand.mean)).toBeLessThan(1e-12 * Math.abs(extreme(K)));
          expect(Math.abs(pre.imputer_!.statistics_![0]! - hand.mean)).toBeLessThan(1e-12 * Math.abs(extreme(K))); // the fill is the same mean
        } else {
          const mm = pre.scaler_ as MinMaxScaler;
          expect([mm.dataMin_![0], mm.dataMax_![0]]).toEqual([hand.min, hand.max]);
          expect(pre.imputer_!.statistics_![0]).toBe(hand.median);
        }
        expect([hand.min, hand.max]).not.toContain(extreme(k));
        const learned = pre.encoder_!.categories_!.flat();
        expect(learned).not.toContain(`only-in-fold-${k}`);
        // the other folds' unique categories sit in fold k's training rows, so they are learned
        for (let other = 0; other < K; other++) if (other !== k) expect(learned).toContain(`only-in-fold-${other}`);
      });
    });
  });
}

describe('searches and curves', () => {
  const spec: FitSpec = { algorithm: 'knn', engine: 'native', params: {}, preprocessing: { scale: 'standard' } };
  const outer = folds[0]!;
  const search = { method: 'grid', paramGrid: { n_neighbors: [1, 3, 7] }, paramDistributions: null, nIter: 10, scoring: 'accuracy', cv: 3, factor: 3 };

  it('inner folds of a search fit on inner training rows, all within the outer training rows', async () => {
    const train = new Set(outer.train);
    const calls: Array<{ fold: number; rows: Int32Array; pre: TablePreprocessor }> = [];
    await searchHyperparameters(X, y, outer.train, spec, search, { seed: 3, onFit: (fold, pre, rows) => calls.push({ fold, rows, pre }) });
    expect(calls.map((c) => c.fold)).toEqual([0, 1, 2]); // once per inner fold, shared by the candidates
    for (const c of calls) {
      expect([...c.rows].every((i) => train.has(i))).toBe(true);
      expect(c.rows.length).toBeLessThan(outer.train.length); // an inner validation part was held out
      expect(c.pre.toJSON()).toEqual(new TablePreprocessor(spec.preprocessing).fit(takeTableRows(X, c.rows)).toJSON());
    }
    // together the inner training parts cover the outer training rows, and never the outer test rows
    const covered = new Set(calls.flatMap((c) => [...c.rows]));
    expect(covered.size).toBe(outer.train.length);
  });

  it('rows outside the training rows cannot change a search (grid or halving)', async () => {
    // scramble the outer test rows completely: values, categories and labels
    const X2: Table = { nRows: N, columns: X.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: Float64Array.from(c.values) } : { ...c, codes: Int32Array.from(c.codes) })) };
    const y2 = [...y];
    for (const i of outer.test) {
      (X2.columns[0] as { values: Float64Array }).values[i] = -777;
      (X2.columns[2] as { values: Float64Array }).values[i] = 1e12;
      (X2.columns[1] as { codes: Int32Array }).codes[i] = 0;
      y2[i] = y2[i] === 'even' ? 'odd' : 'even';
    }
    for (const method of ['grid', 'halving']) {
      const s = { ...search, method, cv: 2, paramGrid: { n_neighbors: [1, 3, 5, 7, 9, 11] } };
      const a = await searchHyperparameters(X, y, outer.train, spec, s, { seed: 9 });
      const b = await searchHyperparameters(X2, y2, outer.train, spec, s, { seed: 9 });
      const scores = (r: typeof a) => r.candidates.map((c) => [c.params, c.mean_test, c.std_test, c.rank]);
      expect(scores(b), method).toEqual(scores(a));
      expect(b.best_params).toEqual(a.best_params);
    }
  });

  it('halving fits every iteration’s preprocessors on subsets of the training rows', async () => {
    const train = new Set(outer.train);
    const sizes: number[] = [];
    await searchHyperparameters(X, y, outer.train, spec, { ...search, method: 'halving', cv: 2, paramGrid: { n_neighbors: [1, 3, 5, 7, 9, 11] } }, {
      seed: 1,
      onFit: (_f, pre, rows) => {
        sizes.push(rows.length);
        expect([...rows].every((i) => train.has(i))).toBe(true);
        expect(pre.toJSON()).toEqual(new TablePreprocessor(spec.preprocessing).fit(takeTableRows(X, rows)).toJSON());
      },
    });
    expect(sizes.length).toBeGreaterThan(2);
    expect(sizes[0]!).toBeLessThan(sizes.at(-1)!); // budgets grow
  });

  it('learning and validation curves fit only on rows of their training parts', async () => {
    const train = new Set(outer.train);
    const check = (_f: number, pre: TablePreprocessor, rows: Int32Array): void => {
      expect([...rows].every((i) => train.has(i))).toBe(true);
      expect(pre.toJSON()).toEqual(new TablePreprocessor(spec.preprocessing).fit(takeTableRows(X, rows)).toJSON());
    };
    await learningCurve(X, y, outer.train, spec, { trainSizes: [0.5, 1], cv: 2, scoring: 'accuracy', seed: 0, onFit: check });
    await validationCurve(X, y, outer.train, spec, { param: 'n_neighbors', values: [1, 5], cv: 2, scoring: 'accuracy', seed: 0, onFit: check });
  });
});
