/**
 * ml-knn: pins its k-d tree's missing pruning against the raw package (counting distance calls,
 * not timing) and checks that the mljs adapter's brute-force search finds the package's neighbours.
 */
import KNN from 'ml-knn';
import { describe, expect, it } from 'vitest';
import { Random, fromRows, toRows, type Matrix } from '../../../src/core/index.js';
import { createEstimator } from '../../../src/models/index.js';
import { expectSweepError, makeBlobs } from '../../helpers/check-estimator.js';

interface RawKdTree {
  metric: (a: ArrayLike<number> | Record<number, number>, b: number[]) => number;
}

/** A 20 × 20 grid of 2-D points labelled by quadrant. */
function grid(): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 20; i++) {
    for (let j = 0; j < 20; j++) {
      X.push([i, j]);
      y.push((i < 10 ? 0 : 1) + (j < 10 ? 0 : 2));
    }
  }
  return { X, y };
}

/** Counts distance calls made by one query on a fitted ml-knn model, through its own metric. */
function countDistanceCalls(knn: KNN, query: number[]): number {
  const tree = knn.kdTree as RawKdTree;
  const metric = tree.metric;
  let calls = 0;
  tree.metric = (a, b) => {
    calls++;
    return metric(a, b);
  };
  try {
    knn.predict([query]);
  } finally {
    tree.metric = metric;
  }
  return calls;
}

describe('ml-knn KNN (raw package defects)', () => {
  it('its k-d tree visits every node: the pruning distance is computed on an object without length (always 0)', () => {
    const { X, y } = grid();
    const knn = new KNN(X, y, { k: 1 });
    // Two distance calls (own + plane) for each of the 400 stored points.
    expect(countDistanceCalls(knn, [3.2, 4.1])).toBe(2 * X.length);
    const linearPoint: Record<number, number> = { 0: 3, 1: 4 };
    expect((knn.kdTree as RawKdTree).metric(linearPoint, [7, 9])).toBe(0);
  });

  it('with a distance that reads that object correctly, the same tree prunes almost everything', () => {
    const { X, y } = grid();
    const dims = 2;
    const distance = (a: ArrayLike<number> | Record<number, number>, b: number[]): number => {
      let sum = 0;
      for (let j = 0; j < dims; j++) sum += ((a as Record<number, number>)[j]! - b[j]!) ** 2;
      return Math.sqrt(sum);
    };
    const knn = new KNN(X, y, { k: 1, distance });
    const calls = countDistanceCalls(knn, [3.2, 4.1]);
    expect(calls).toBeLessThan(X.length / 4);
    expect(knn.predict([[3.2, 4.1]])).toEqual([0]);
  });
});

describe('knn (engine mljs) adapter', () => {
  const train = makeBlobs(21, 30, 5, ['p', 'q', 'r']);
  const rng = new Random(4);
  const queries: Matrix = { data: new Float64Array(25 * 5).map(() => (rng.random() - 0.5) * 14), rows: 25, cols: 5 };

  it('brute force finds the same neighbours as the package’s own k-d tree search', async () => {
    const brute = await createEstimator('knn', { n_neighbors: 4 }, 'mljs').fit(train.X, train.y);
    const kdTree = await createEstimator('knn', { n_neighbors: 4, algorithm: 'kd_tree' }, 'mljs').fit(train.X, train.y);
    expect(Array.from(brute.predictProba!(queries).data)).toEqual(Array.from(kdTree.predictProba!(queries).data));
    expect(brute.predict(queries)).toEqual(kdTree.predict(queries));
  });

  it('votes match a plain sort of all distances', async () => {
    const k = 5;
    const est = await createEstimator('knn', { n_neighbors: k }, 'mljs').fit(train.X, train.y);
    const proba = est.predictProba!(queries);
    const rows = toRows(train.X);
    toRows(queries).forEach((q, i) => {
      const nearest = rows
        .map((r, p) => ({ d: r.reduce((s, v, j) => s + (v - q[j]!) ** 2, 0), label: train.y[p]! }))
        .sort((a, b) => a.d - b.d)
        .slice(0, k);
      est.classes_!.forEach((label, c) => expect(proba.data[i * 3 + c]).toBeCloseTo(nearest.filter((n) => n.label === label).length / k, 12));
    });
  });

  it('the package’s predict agrees with the adapter where votes are not tied', async () => {
    const est = await createEstimator('knn', { n_neighbors: 3 }, 'mljs').fit(train.X, train.y);
    const raw = new KNN(toRows(train.X), train.y.map((l) => ['p', 'q', 'r'].indexOf(l as string)), { k: 3 });
    const rawPredictions = raw.predict(toRows(queries)).map((c) => ['p', 'q', 'r'][c]);
    const proba = est.predictProba!(queries);
    const mine = est.predict(queries);
    for (let i = 0; i < queries.rows; i++) {
      const row = Array.from(proba.data.subarray(i * 3, i * 3 + 3));
      if (row.filter((p) => p === Math.max(...row)).length === 1) expect(mine[i]).toBe(rawPredictions[i]);
    }
  });

  it('kd_tree search is refused above max_work_seconds; brute force is not budgeted', async () => {
    const est = await createEstimator('knn', { algorithm: 'kd_tree', max_work_seconds: 1e-9 }, 'mljs').fit(train.X, train.y);
    const error = await expectSweepError(() => est.predict(queries), 'SWEEP_ESTIMATOR_UNSUPPORTED', /visits every node.*max_work_seconds/);
    expect(error.hint).toMatch(/algorithm: brute/);
    const brute = await createEstimator('knn', { max_work_seconds: 1e-9 }, 'mljs').fit(train.X, train.y);
    expect(brute.predict(queries)).toHaveLength(queries.rows);
  });

  it('rejects n_neighbors above the training rows and unsupported params', async () => {
    const X = fromRows([[0], [1], [2]]);
    await expectSweepError(() => createEstimator('knn', { n_neighbors: 4 }, 'mljs').fit(X, [0, 1, 1]), 'SWEEP_ESTIMATOR_INVALID_INPUT', /n_neighbors is 4 but the training data has only 3 rows/);
    await expectSweepError(() => createEstimator('knn', { metric: 'manhattan' }, 'mljs').fit(X, [0, 1, 1]), 'SWEEP_ESTIMATOR_INVALID_INPUT', /only metric 'euclidean'/);
    await expectSweepError(() => createEstimator('knn', { weights: 'distance' }, 'mljs').fit(X, [0, 1, 1]), 'SWEEP_ESTIMATOR_INVALID_INPUT', /weights is not supported by the mljs engine of knn/);
  });
});
