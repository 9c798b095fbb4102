/**
 * No leakage: a preprocessor fitted on rows A learns only from A. Transforming rows B, with
 * extreme values, unseen categories and missing values, changes nothing it learned, and the
 * statistics differ from those of A ∪ B.
 */
import { describe, expect, it } from 'vitest';
import { takeTableRows, type Table } from '../../src/core/index.js';
import { type StandardScaler, TablePreprocessor } from '../../src/preprocessing/index.js';
import { tableOf } from './helpers.js';

const A = [0, 1, 2, 3, 4, 5];
const B = [6, 7, 8];
const full: Table = tableOf([
  { name: 'x', kind: 'numeric', values: [1, 2, 3, null, 5, 7, 1e9, -1e9, null] },
  { name: 'c', kind: 'categorical', values: ['a', 'b', 'a', null, 'b', 'a', 'zzz', 'never', null] },
  { name: 'y', kind: 'numeric', values: [10, 10, 12, 14, 10, 16, 99999, 12, 10] },
]);

/** Mean and population std of the given numbers, computed here independently. */
function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

describe('fit on rows A, transform rows B', () => {
  it('learns statistics and categories from A alone, whatever B holds', () => {
    const pre = new TablePreprocessor({ scale: 'standard', impute_numeric: 'median', impute_categorical: 'most_frequent' }).fit(takeTableRows(full, A));
    const before = JSON.stringify(pre.toJSON());
    const XB = pre.transform(takeTableRows(full, B));
    expect(JSON.stringify(pre.toJSON())).toBe(before);

    // x on A: 1, 2, 3, (missing → median 3), 5, 7
    const xA = [1, 2, 3, 3, 5, 7];
    const yA = [10, 10, 12, 14, 10, 16];
    expect(Array.from(pre.imputer_!.statistics_!)).toEqual([3, 11]);
    const scaler = pre.scaler_ as StandardScaler;
    const x = meanStd(xA);
    const y = meanStd(yA);
    expect(scaler.mean_![0]).toBeCloseTo(x.mean, 12);
    expect(scaler.scale_![0]).toBeCloseTo(x.std, 12);
    expect(scaler.mean_![1]).toBeCloseTo(y.mean, 12);
    expect(scaler.scale_![1]).toBeCloseTo(y.std, 12);
    expect(pre.encoder_!.categories_).toEqual([['a', 'b']]); // not 'zzz'/'never', though the column lists them
    expect(pre.featureNames_).toEqual(['x', 'c=a', 'c=b', 'y']);

    // B's rows are mapped with A's numbers: extremes stay extreme, unseen → all zeros, missing → A's fills
    const row = (i: number) => Array.from(XB.data.subarray(i * XB.cols, (i + 1) * XB.cols));
    expect(row(0)[0]).toBeCloseTo((1e9 - x.mean) / x.std, 3);
    expect(row(0).slice(1, 3)).toEqual([0, 0]);
    expect(row(1).slice(1, 3)).toEqual([0, 0]);
    expect(row(2)[0]).toBeCloseTo((3 - x.mean) / x.std, 12);
    expect(row(2).slice(1, 3)).toEqual([1, 0]); // missing → most frequent in A ('a')
  });

  it('differs from a fit on A ∪ B (the test would notice leakage)', () => {
    const config = { scale: 'minmax', impute_numeric: 'mean' } as const;
    const onA = new TablePreprocessor(config).fit(takeTableRows(full, A)).toJSON();
    const onAll = new TablePreprocessor(config).fit(full).toJSON();
    const state = (json: typeof onA, part: string) => JSON.stringify((json['state'] as Record<string, { state: unknown }>)[part]!.state);
    for (const part of ['imputer', 'scaler', 'encoder']) expect(state(onA, part)).not.toBe(state(onAll, part));
  });

  it('each fold fits on its own training rows (same rows → same state, other rows → other state)', () => {
    const folds = [
      { train: [0, 1, 2, 3], test: [4, 5] },
      { train: [2, 3, 4, 5], test: [0, 1] },
    ];
    const fitted = folds.map((f) => JSON.stringify(new TablePreprocessor({ scale: 'standard' }).fit(takeTableRows(full, f.train)).toJSON()));
    expect(fitted[0]).not.toBe(fitted[1]);
    const again = JSON.stringify(new TablePreprocessor({ scale: 'standard' }).fit(takeTableRows(full, folds[0]!.train)).toJSON());
    expect(again).toBe(fitted[0]);
  });
});
