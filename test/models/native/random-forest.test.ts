/**
 * The native random forest against scikit-learn 1.2.1's own spread over random_state 0..9
 * (fixture: test/fixtures/models/native/tree-parity.json, made by
 * test/fixtures/make/models_native_tree.py), plus determinism across worker counts and persistence.
 */
import { describe, expect, it } from 'vitest';
import { fromRows, type Params } from '../../../src/core/index.js';
import { loadEstimator } from '../../../src/models/index.js';
import { MIN_PARALLEL_ROWS_TREES, NativeRandomForest, resolveJobs } from '../../../src/models/native/random-forest.js';
import { agreement, buildParitySplit, readParityFixture, type ParitySplit } from '../../fixtures/models/native/tree-data.js';

const fixture = readParityFixture();
const splits = new Map<string, ParitySplit>(fixture.datasets.map((ds) => [ds.name, buildParitySplit(ds)]));

function stats(values: number[]): { min: number; max: number; mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { min: Math.min(...values), max: Math.max(...values), mean, std };
}

describe('native random-forest: parity with scikit-learn', () => {
  for (const ds of fixture.datasets) {
    it(`${ds.name}: test accuracy inside RandomForestClassifier's spread over random_state 0..9, OOB score close to its`, async () => {
      const s = splits.get(ds.name)!;
      const forest = await new NativeRandomForest({ n_estimators: ds.forest.n_estimators, oob_score: true }).fit(s.Xtr, s.ytr);
      const acc = agreement(forest.predict(s.Xte), s.yte);
      const band = stats(ds.forest.accuracy_by_seed);
      expect(acc).toBeGreaterThanOrEqual(band.min);
      expect(acc).toBeLessThanOrEqual(band.max);
      // OOB accuracy (on 1,400–2,100 rows) varies with the seed: within 3 standard deviations of
      // scikit-learn's mean over its 10 seeds.
      const oob = stats(ds.forest.oob_score_by_seed);
      expect(Math.abs(forest.oobScore_! - oob.mean)).toBeLessThanOrEqual(Math.max(3 * oob.std, 0.002));
      const imp = Array.from(forest.featureImportances_!);
      expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    });
  }
});

describe('native random-forest: behaviour', () => {
  it('the same seed gives byte-identical models on 1 and 2 workers; load predicts identically', async () => {
    const s = splits.get('adult')!;
    // Enough trees that n_jobs: 2 really starts workers (small forests stay on this thread).
    const params = { n_estimators: Math.ceil(MIN_PARALLEL_ROWS_TREES / s.Xtr.rows), random_state: 7, max_depth: 6 };
    const one = await new NativeRandomForest({ ...params, n_jobs: 1 }).fit(s.Xtr, s.ytr);
    const two = await new NativeRandomForest({ ...params, n_jobs: 2 }).fit(s.Xtr, s.ytr);
    expect([one.jobsUsed_, two.jobsUsed_]).toEqual([1, 2]);
    const small = await new NativeRandomForest({ n_estimators: 4, n_jobs: 2 }).fit(s.Xtr, s.ytr);
    expect(small.jobsUsed_).toBe(1);
    const json = JSON.stringify(one.toJSON().state);
    expect(JSON.stringify(two.toJSON().state)).toBe(json);
    const restored = loadEstimator(JSON.parse(JSON.stringify(one.toJSON())));
    expect(Array.from(restored.predictProba!(s.Xte).data)).toEqual(Array.from(one.predictProba(s.Xte).data));
    const other = await new NativeRandomForest({ ...params, random_state: 8 }).fit(s.Xtr, s.ytr);
    expect(JSON.stringify(other.toJSON().state)).not.toBe(json);
  });

  it('predictProba is the mean of the trees and rows sum to 1', async () => {
    const s = splits.get('kddcup99')!;
    const forest = await new NativeRandomForest({ n_estimators: 5 }).fit(s.Xtr, s.ytr);
    const p = forest.predictProba(s.Xte);
    expect(p.cols).toBe(forest.classes_!.length);
    for (let i = 0; i < p.rows; i++) {
      let sum = 0;
      for (let c = 0; c < p.cols; c++) sum += p.data[i * p.cols + c]!;
      expect(sum).toBeCloseTo(1, 6);
    }
    // Each probability is a mean of 5 leaf fractions: a single tree's leaf is pure here, so k/5.
    expect(forest.estimators_).toHaveLength(5);
  });

  it('bootstrap off, max_samples, balanced_subsample and max_leaf_nodes all fit and predict', async () => {
    const s = splits.get('adult')!;
    const variants: Params[] = [
      { bootstrap: false, max_features: null },
      { max_samples: 0.5 },
      { max_samples: 300 },
      { class_weight: 'balanced_subsample' },
      { class_weight: 'balanced', max_depth: 5 },
      { max_leaf_nodes: 16, criterion: 'entropy' },
      { ccp_alpha: 0.002 },
    ];
    for (const params of variants) {
      const forest = await new NativeRandomForest({ n_estimators: 6, ...params }).fit(s.Xtr, s.ytr);
      const acc = agreement(forest.predict(s.Xte), s.yte);
      expect(acc, JSON.stringify(params)).toBeGreaterThan(0.7);
    }
    // Without bootstrap and with every feature, all trees are the same deterministic tree.
    const f = await new NativeRandomForest({ n_estimators: 3, bootstrap: false, max_features: null }).fit(s.Xtr, s.ytr);
    const [a, b] = f.estimators_!;
    expect(Array.from(a!.threshold)).toEqual(Array.from(b!.threshold));
  });

  it('balanced_subsample lifts the minority class', async () => {
    const s = splits.get('adult')!;
    const count = (pred: readonly unknown[]): number => pred.filter((v) => v === '>50K').length;
    const plain = await new NativeRandomForest({ n_estimators: 10, max_depth: 4 }).fit(s.Xtr, s.ytr);
    const balanced = await new NativeRandomForest({ n_estimators: 10, max_depth: 4, class_weight: 'balanced_subsample' }).fit(s.Xtr, s.ytr);
    expect(count(balanced.predict(s.Xte))).toBeGreaterThan(count(plain.predict(s.Xte)));
  });

  it('rejects max_samples or oob_score without bootstrap, and bad params', async () => {
    const X = fromRows([[0], [1], [2], [3]]);
    const y = [0, 0, 1, 1];
    await expect(new NativeRandomForest({ bootstrap: false, max_samples: 2 }).fit(X, y)).rejects.toThrow(/bootstrap/);
    await expect(new NativeRandomForest({ bootstrap: false, oob_score: true }).fit(X, y)).rejects.toThrow(/bootstrap/);
    await expect(new NativeRandomForest({ max_samples: 10 }).fit(X, y)).rejects.toThrow(/max_samples/);
    await expect(new NativeRandomForest({ n_estimators: 0 }).fit(X, y)).rejects.toThrow(/n_estimators/);
  });

  it('n_jobs follows scikit-learn: null → 1, -1 → all cores', () => {
    expect(resolveJobs(null)).toBe(1);
    expect(resolveJobs(3)).toBe(3);
    expect(resolveJobs(-1)).toBeGreaterThanOrEqual(1);
    expect(resolveJobs(-1)).toBeGreaterThanOrEqual(resolveJobs(-2));
  });
});
