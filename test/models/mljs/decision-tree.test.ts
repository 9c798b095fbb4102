/**
 * ml-cart: pins its quadratic split search against the raw package (counting scanned values, not
 * timing) and checks the mljs adapter's param mapping, padding and work budget.
 */
import { DecisionTreeClassifier } from 'ml-cart';
import { describe, expect, it } from 'vitest';
import { Random, fromRows, toRows, type Matrix } from '../../../src/core/index.js';
import { createEstimator } from '../../../src/models/index.js';
import { CART_SECONDS_PER_UNIT, estimateCartSeconds } from '../../../src/models/mljs/shared.js';
import { expectSweepError, mushroomOneHot, sliceRows } from '../../helpers/check-estimator.js';
import { hasFashionMnist, readFashionMnist } from '../../helpers/fashion-mnist.js';

/** Counts the values ml-cart's `split` scans while `train` runs (its TreeNode class is not exported; reach it through a fitted root). */
function countCartScans(train: () => void): { scanned: number; candidates: number } {
  const probe = new DecisionTreeClassifier({});
  probe.train([[0], [1], [2], [3], [4]], [0, 1, 0, 1, 0]);
  const proto = Object.getPrototypeOf(probe.root) as { split: (x: number[], y: number[], v: number) => unknown };
  const original = proto.split;
  let scanned = 0;
  let candidates = 0;
  proto.split = function (this: unknown, x: number[], y: number[], v: number) {
    scanned += x.length;
    candidates++;
    return original.call(this, x, y, v);
  };
  try {
    train();
  } finally {
    proto.split = original;
  }
  return { scanned, candidates };
}

function randomRows(seed: number, rows: number, cols: number): { X: number[][]; y: number[] } {
  const rng = new Random(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    X.push(Array.from({ length: cols }, () => rng.random()));
    y.push(rng.randint(2));
  }
  return { X, y };
}

describe('ml-cart DecisionTreeClassifier (raw package defects)', () => {
  it('split search scans rows × candidates at the root: doubling the rows quadruples the work', () => {
    const scansAt = (n: number): number => {
      const { X, y } = randomRows(n, n, 1);
      return countCartScans(() => new DecisionTreeClassifier({ maxDepth: 0 }).train(X, y)).scanned;
    };
    const small = scansAt(100);
    const large = scansAt(200);
    // An n log n split search (sort once, sweep) would scan ~2× more; ml-cart scans ~4×.
    expect(large / small).toBeGreaterThan(3.2);
    expect(small).toBeGreaterThan(100 * 25);
  });

  it("leaves list classes only up to the largest present, so distributions have different lengths", () => {
    const model = new DecisionTreeClassifier({ minNumSamples: 1, gainThreshold: 0 });
    const X = [[0], [1], [2], [10], [11], [12], [20], [21], [22]];
    model.train(X, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const lengths = X.map((row) => (model.root as { classify(r: number[]): { getRow(i: number): number[] } }).classify(row).getRow(0).length);
    expect(new Set(lengths).size).toBeGreaterThan(1);
    expect(Math.min(...lengths)).toBeLessThan(3);
  });
});

describe('decision-tree (engine mljs) adapter', () => {
  it('maps scikit-learn params to ml-cart options', async () => {
    const est = await createEstimator('decision-tree', { max_depth: 3, min_samples_split: 5, gain_threshold: 0 }, 'mljs').fit(
      fromRows([[0], [1], [2], [3], [4], [5]]),
      ['a', 'a', 'a', 'b', 'b', 'b'],
    );
    const options = (est.toJSON().state['model'] as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({ minNumSamples: 4, maxDepth: 3, gainThreshold: 0, gainFunction: 'gini' });
  });

  it('pads leaf distributions to every class, in classes_ order', async () => {
    const X = fromRows([[0], [1], [2], [10], [11], [12], [20], [21], [22]]);
    const y = ['x', 'x', 'x', 'y', 'y', 'y', 'z', 'z', 'z'];
    const est = await createEstimator('decision-tree', { gain_threshold: 0 }, 'mljs').fit(X, y);
    const proba = est.predictProba!(X);
    expect(proba.cols).toBe(3);
    expect(Array.from(proba.data)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect(est.predict(X)).toEqual(y);
  });

  it("predicts what the package's own predict says (mushroom slice)", async () => {
    const mushroom = mushroomOneHot(240);
    const train = sliceRows(mushroom, 0, 160);
    const test = sliceRows(mushroom, 160, 240);
    const est = await createEstimator('decision-tree', {}, 'mljs').fit(train.X, train.y);
    const raw = new DecisionTreeClassifier({ minNumSamples: 1, gainThreshold: 0.01 });
    raw.train(toRows(train.X), train.y.map((label) => (label === 'e' ? 0 : 1)));
    expect(est.predict(test.X)).toEqual(raw.predict(toRows(test.X)).map((code) => (code === 0 ? 'e' : 'p')));
  });

  it('rejects params ml-cart lacks, naming them', async () => {
    const X = fromRows([[0], [1], [2], [3]]);
    const y = [0, 0, 1, 1];
    await expectSweepError(() => createEstimator('decision-tree', { criterion: 'entropy' }, 'mljs').fit(X, y), 'SWEEP_ESTIMATOR_INVALID_INPUT', /only criterion 'gini'/);
    await expectSweepError(
      () => createEstimator('decision-tree', { min_samples_leaf: 2 }, 'mljs').fit(X, y),
      'SWEEP_ESTIMATOR_INVALID_INPUT',
      /min_samples_leaf is not supported by the mljs engine of decision-tree/,
    );
  });

  it('the cost model follows the counted work (≈ 2.2 scanned values per rows² × features × gini)', () => {
    const { X, y } = randomRows(7, 160, 3);
    const { scanned } = countCartScans(() => new DecisionTreeClassifier({ minNumSamples: 1 }).train(X, y));
    const units = 160 * 160 * 3 * 0.5;
    expect(scanned / units).toBeGreaterThan(1);
    expect(scanned / units).toBeLessThan(4);
    expect(estimateCartSeconds(160, 3, 0.5)).toBeCloseTo(CART_SECONDS_PER_UNIT * units, 12);
  });

  it('refuses a fit estimated above max_work_seconds, before any work, with the reason and a way out', async () => {
    // 1,000 Fashion-MNIST-sized rows: ml-cart took 112 s on this machine; the estimate says ~113 s.
    const rng = new Random(3);
    const X: Matrix = { data: new Float64Array(1000 * 784).map(() => rng.randint(256)), rows: 1000, cols: 784 };
    const y = Array.from({ length: 1000 }, (_, i) => i % 10);
    const error = await expectSweepError(
      () => createEstimator('decision-tree', {}, 'mljs').fit(X, y),
      'SWEEP_ESTIMATOR_UNSUPPORTED',
      /1000 rows × 784 features would take about 11\d s, over the max_work_seconds budget of 60 s/,
    );
    expect(error.hint).toMatch(/engine: native/);
    expect(error.hint).toMatch(/sample:/);
    // 500 rows (38 s measured) stay under the default budget.
    expect(estimateCartSeconds(500, 784, 0.9)).toBeLessThan(60);
    expect(estimateCartSeconds(1000, 784, 0.9)).toBeGreaterThan(60);
    // A smaller budget refuses smaller fits; null lifts it.
    await expectSweepError(
      () => createEstimator('decision-tree', { max_work_seconds: 1e-6 }, 'mljs').fit(fromRows([[0], [1], [2], [3]]), [0, 0, 1, 1]),
      'SWEEP_ESTIMATOR_UNSUPPORTED',
      /max_work_seconds/,
    );
    const unlimited = await createEstimator('decision-tree', { max_work_seconds: null }, 'mljs').fit(fromRows([[0], [1], [2], [3]]), [0, 0, 1, 1]);
    expect(unlimited.predict(fromRows([[0], [3]]))).toEqual([0, 1]);
  });
});

describe.skipIf(!hasFashionMnist())('decision-tree (engine mljs) on a Fashion-MNIST slice', () => {
  it('the counted work of a 40-row fit is within the cost model', () => {
    const { X, y } = readFashionMnist('t10k', 0, 40);
    const rows: number[][] = [];
    for (let i = 0; i < 40; i++) rows.push(Array.from(X.data.subarray(i * 784, (i + 1) * 784)));
    const { scanned } = countCartScans(() => new DecisionTreeClassifier({ minNumSamples: 1 }).train(rows, y));
    const counts = new Array<number>(10).fill(0);
    for (const label of y) counts[label]!++;
    const gini = 1 - counts.reduce((s, c) => s + (c / 40) ** 2, 0);
    const ratio = scanned / (40 * 40 * 784 * gini);
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(4);
  });
});
