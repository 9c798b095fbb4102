/**
 * crossValidate: per-fold preprocessing + fit + score, checked against scikit-learn's
 * `cross_validate` on the same explicit folds of real slices (stored fixture), plus errors,
 * determinism and error_score handling.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/index.js';
import { crossValidate, stratifiedKFold, type FitSpec, type Fold } from '../../src/evaluation/index.js';
import type { PreprocessingConfig } from '../../src/preprocessing/index.js';
import { adult, hasDatasets, mushroom, type LabeledData } from '../fixtures/evaluation/model-selection-data.js';

interface CvCase {
  name: string;
  data: 'adult' | 'mushroom';
  rows: number[];
  preprocessing: Partial<PreprocessingConfig>;
  folds: Array<{ train: number[]; test: number[] }>;
  test: Record<string, number[]>;
  train: Record<string, number[]>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/evaluation/model-selection-parity.json', import.meta.url), 'utf8')) as { _source: string; cross_validate: CvCase[] };

function load(c: { data: 'adult' | 'mushroom'; rows: number[] }): LabeledData {
  return c.data === 'adult' ? adult(c.rows) : mushroom(c.rows);
}
const toFolds = (folds: CvCase['folds']): Fold[] => folds.map((f) => ({ train: Int32Array.from(f.train), test: Int32Array.from(f.test) }));

describe.runIf(hasDatasets())('crossValidate matches scikit-learn cross_validate on the same folds', () => {
  it('fixture says where it came from', () => {
    expect(fixture._source).toContain('scikit-learn 1.2.1');
    expect(fixture.cross_validate.length).toBeGreaterThanOrEqual(3);
  });

  for (const c of fixture.cross_validate) {
    // log_loss to 1e-7: with two classes it rebuilds p0 = 1 - p1 (as scikit-learn), which for p1 a few
    // ulps below 1 turns a last-bit difference of the estimator's p1 into ~1e-3 relative in p0
    it(`${c.name}: every metric, test and train, to 1e-9 (log_loss 1e-7)`, async () => {
      const { X, y } = load(c);
      const spec: FitSpec = { algorithm: 'naive-bayes', engine: 'native', params: {}, preprocessing: c.preprocessing };
      const names = Object.keys(c.test);
      const result = await crossValidate(X, y, toFolds(c.folds), spec, { metrics: names, returnTrainScore: true });
      for (const name of names) {
        const tol = name === 'log_loss' ? 1e-7 : 1e-9;
        expect(result.test[name]!.length, name).toBe(c.folds.length);
        result.test[name]!.forEach((v, f) => expect(Math.abs(v - c.test[name]![f]!), `test ${name} fold ${f}: ${v} vs ${c.test[name]![f]}`).toBeLessThan(tol));
        result.train![name]!.forEach((v, f) => expect(Math.abs(v - c.train[name]![f]!), `train ${name} fold ${f}`).toBeLessThan(tol));
      }
      expect(result.fit_s.every((s) => s >= 0)).toBe(true);
      expect(result.score_s.length).toBe(c.folds.length);
      expect(result.errors).toEqual(c.folds.map(() => null));
    });
  }
});

/** A small two-class table with a numeric and a categorical column. */
function toy(n: number): { X: Table; y: string[] } {
  const x = Float64Array.from({ length: n }, (_, i) => (i % 5) + (i % 2) * 10);
  const codes = Int32Array.from({ length: n }, (_, i) => i % 3);
  return {
    X: { nRows: n, columns: [{ name: 'x', kind: 'numeric', values: x }, { name: 'c', kind: 'categorical', codes, categories: ['u', 'v', 'w'] }] },
    y: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'b')),
  };
}

describe('crossValidate behaviour', () => {
  const spec: FitSpec = { algorithm: 'decision-tree', engine: 'native', params: { max_depth: 3 }, preprocessing: {} };

  it('returns one score per fold and metric, train scores only when asked, and is deterministic', async () => {
    const { X, y } = toy(60);
    const folds = stratifiedKFold(y, { nSplits: 4, shuffle: true, seed: 3 });
    const a = await crossValidate(X, y, folds, spec, { metrics: ['accuracy', 'f1_macro'] });
    const b = await crossValidate(X, y, folds, spec, { metrics: ['accuracy', 'f1_macro'] });
    expect(a.train).toBeNull();
    expect(Object.keys(a.test)).toEqual(['accuracy', 'f1_macro']);
    expect(a.test.accuracy).toHaveLength(4);
    expect(a.test).toEqual(b.test);
    // x separates the classes exactly (odd rows are shifted by 10): a depth-3 tree is perfect
    expect(a.test.accuracy).toEqual([1, 1, 1, 1]);
    const withTrain = await crossValidate(X, y, folds, spec, { metrics: ['accuracy'], returnTrainScore: true });
    expect(withTrain.train!.accuracy).toHaveLength(4);
  });

  it('rejects an unknown metric with a did-you-mean, and out-of-range fold rows', async () => {
    const { X, y } = toy(20);
    const folds = stratifiedKFold(y, { nSplits: 2, shuffle: false, seed: 0 });
    await expect(crossValidate(X, y, folds, spec, { metrics: ['acuracy'] })).rejects.toThrow(/did you mean 'accuracy'/);
    await expect(crossValidate(X, y, [{ train: Int32Array.from([0, 1, 25]), test: Int32Array.from([2]) }], spec, { metrics: ['accuracy'] })).rejects.toThrow(/row index 25/);
  });

  it('raises a failing fit by default; errorScore nan keeps the message and scores NaN', async () => {
    const { X, y } = toy(20);
    const folds = stratifiedKFold(y, { nSplits: 2, shuffle: false, seed: 0 });
    const bad: FitSpec = { ...spec, params: { max_depth: -4 } };
    await expect(crossValidate(X, y, folds, bad, { metrics: ['accuracy'] })).rejects.toThrow(/max_depth/);
    const r = await crossValidate(X, y, folds, bad, { metrics: ['accuracy'], errorScore: 'nan' });
    expect(r.test.accuracy!.every(Number.isNaN)).toBe(true);
    expect(r.errors[0]).toMatch(/max_depth/);
  });
});
