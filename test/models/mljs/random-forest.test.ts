/**
 * ml-random-forest: pins its per-tree feature draws, its integer-1 `maxFeatures` and its broken
 * `predictProbability` against the raw package, and checks the mljs adapter's mapping and budget.
 */
import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { Random, fromRows, toRows, type Matrix } from '../../../src/core/index.js';
import { createEstimator } from '../../../src/models/index.js';
import { estimateCartSeconds } from '../../../src/models/mljs/shared.js';
import { expectSweepError, makeBlobs } from '../../helpers/check-estimator.js';

interface RawTreeNode {
  splitColumn?: number;
  left?: RawTreeNode;
  right?: RawTreeNode;
}
interface RawForest {
  train(X: number[][], y: number[]): void;
  predictProbability(X: number[][], label: number): number[];
  predict(X: number[][]): number[];
  indexes: number[][];
  n: number;
  toJSON(): { baseModel: { estimators: Array<{ root: RawTreeNode }> } };
}
const Forest = RandomForestClassifier as unknown as new (options: object) => RawForest;

function splitColumns(node: RawTreeNode | undefined, out: Set<number>): Set<number> {
  if (node === undefined) return out;
  if (node.left !== undefined && node.right !== undefined && node.splitColumn !== undefined) out.add(node.splitColumn);
  splitColumns(node.left, out);
  splitColumns(node.right, out);
  return out;
}

/** y = x0 XOR x1 on a grid: a tree needs both features. */
function xorData(): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 40; i++) {
    const a = i % 2;
    const b = Math.floor(i / 2) % 2;
    X.push([a + (i % 5) * 0.01, b + (i % 7) * 0.01, (i % 3) * 0.1]);
    y.push(a ^ b);
  }
  return { X, y };
}

describe('ml-random-forest RandomForestClassifier (raw package defects)', () => {
  it('draws features once per tree: every split of a tree uses only that tree’s draw', () => {
    const { X, y } = xorData();
    // (1 + ½) / 3 asks for one feature of three.
    const forest = new Forest({ nEstimators: 6, maxFeatures: 1.5 / 3, replacement: false, seed: 3, noOOB: true, treeOptions: { minNumSamples: 1, gainThreshold: 0 } });
    forest.train(X, y);
    const trees = forest.toJSON().baseModel.estimators;
    for (let t = 0; t < trees.length; t++) {
      expect(forest.indexes[t]).toHaveLength(1);
      // Column 0 of the tree's own one-column view: per-split draws would reach other features.
      expect([...splitColumns(trees[t]!.root, new Set())].every((c) => c === 0)).toBe(true);
    }
    // So no tree can learn XOR; per-split draws can (scikit-learn 1.2.1, RandomForestClassifier(6, max_features=1,
    // random_state=3, bootstrap=False) scores 1.0 on these rows).
    const predicted = forest.predict(X);
    expect(predicted.filter((p, i) => p === y[i]).length / y.length).toBeLessThan(0.8);
  });

  it('reads maxFeatures = 1 (an integer) as 100% of the features', () => {
    const { X, y } = xorData();
    const forest = new Forest({ nEstimators: 1, maxFeatures: 1, replacement: false, seed: 1, noOOB: true });
    forest.train(X, y);
    expect(forest.n).toBe(3);
  });

  it('predictProbability starts its reduce from the first vote, not 0', () => {
    const X = [[0], [1], [2], [3], [10], [11], [12], [13]];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    const forest = new Forest({ nEstimators: 4, useSampleBagging: false, seed: 1, noOOB: true });
    forest.train(X, y);
    expect(forest.predict([[12]])).toEqual([1]); // all four trees vote 1
    expect(forest.predictProbability([[12]], 1)[0]).not.toBe(1);
    expect(forest.predictProbability([[12]], 0)[0]).not.toBe(0);
  });
});

describe('random-forest (engine mljs) adapter', () => {
  const blobs = makeBlobs(5, 15, 6, ['a', 'b', 'c']);

  it('max_features follows scikit-learn: integers count features, sqrt/log2/null/fractions resolve as there', async () => {
    const indexesOf = async (max_features: number | string | null): Promise<number[][]> => {
      const est = await createEstimator('random-forest', { n_estimators: 2, max_features, random_state: 0 }, 'mljs').fit(blobs.X, blobs.y);
      return (est.toJSON().state['model'] as { baseModel: { indexes: number[][] } }).baseModel.indexes;
    };
    expect((await indexesOf(1))[0]).toHaveLength(1);
    expect((await indexesOf('sqrt'))[0]).toHaveLength(2);
    expect((await indexesOf('log2'))[0]).toHaveLength(2);
    expect((await indexesOf(null))[0]).toHaveLength(6);
    expect((await indexesOf(0.5))[0]).toHaveLength(3);
    const distinct = (await indexesOf(4))[0]!;
    expect(new Set(distinct).size).toBe(4); // drawn without replacement, as scikit-learn
    await expectSweepError(
      () => createEstimator('random-forest', { max_features: 7 }, 'mljs').fit(blobs.X, blobs.y),
      'SWEEP_ESTIMATOR_INVALID_INPUT',
      /max_features is 7 but X has only 6 features/,
    );
  });

  it('probabilities are vote fractions (multiples of 1/n_estimators) and random_state fixes the model', async () => {
    const est = await createEstimator('random-forest', { n_estimators: 8, random_state: 11 }, 'mljs').fit(blobs.X, blobs.y);
    for (const p of est.predictProba!(blobs.X).data) expect(Math.abs(p * 8 - Math.round(p * 8))).toBeLessThan(1e-9);
    const same = await createEstimator('random-forest', { n_estimators: 8, random_state: 11 }, 'mljs').fit(blobs.X, blobs.y);
    const other = await createEstimator('random-forest', { n_estimators: 8, random_state: 12 }, 'mljs').fit(blobs.X, blobs.y);
    expect(JSON.stringify(same.toJSON())).toBe(JSON.stringify(est.toJSON()));
    expect(JSON.stringify(other.toJSON())).not.toBe(JSON.stringify(est.toJSON()));
    expect(est.tags().deterministic).toBe(true);
    expect(createEstimator('random-forest', {}, 'mljs').tags().deterministic).toBe(false);
  });

  it("agrees with the package's own predict wherever the vote is not tied", async () => {
    const est = await createEstimator('random-forest', { n_estimators: 7, random_state: 5 }, 'mljs').fit(blobs.X, blobs.y);
    const loaded = (RandomForestClassifier as unknown as { load(model: object): RawForest }).load(est.toJSON().state['model'] as object);
    const rawPredictions = loaded.predict(toRows(blobs.X)).map((code) => est.classes_![code]);
    const proba = est.predictProba!(blobs.X);
    const mine = est.predict(blobs.X);
    let compared = 0;
    for (let i = 0; i < blobs.X.rows; i++) {
      const row = Array.from(proba.data.subarray(i * 3, i * 3 + 3));
      if (row.filter((p) => p === Math.max(...row)).length > 1) continue;
      compared++;
      expect(mine[i]).toBe(rawPredictions[i]);
    }
    expect(compared).toBeGreaterThan(blobs.X.rows / 2);
  });

  it('maps bootstrap and tree params to the package options', async () => {
    const est = await createEstimator('random-forest', { n_estimators: 2, bootstrap: false, max_depth: 2, min_samples_split: 6, random_state: 1 }, 'mljs').fit(
      blobs.X,
      blobs.y,
    );
    const model = (est.toJSON().state['model'] as { baseModel: Record<string, unknown> }).baseModel;
    expect(model).toMatchObject({ useSampleBagging: false, replacement: false, nEstimators: 2, treeOptions: { maxDepth: 2, minNumSamples: 5 } });
  });

  it('refuses the package-default workload (2,000 × 50 random rows: 392 s measured) under the default budget', async () => {
    const rng = new Random(9);
    const X: Matrix = { data: new Float64Array(2000 * 50).map(() => rng.random()), rows: 2000, cols: 50 };
    const y = Array.from({ length: 2000 }, () => rng.randint(2));
    const error = await expectSweepError(
      () => createEstimator('random-forest', { n_estimators: 50, max_features: null, random_state: 0 }, 'mljs').fit(X, y),
      'SWEEP_ESTIMATOR_UNSUPPORTED',
      /50 trees on 2000 rows × 50 of 50 features would take about .*max_work_seconds budget of 60 s/,
    );
    expect(error.hint).toMatch(/engine: native/);
    // The estimate is conservative (within ~2× of the 392 s measured).
    const estimate = 50 * estimateCartSeconds(2000, 50, 0.5);
    expect(estimate).toBeGreaterThan(392 / 2);
    expect(estimate).toBeLessThan(392 * 2.5);
  });

  it('rejects scikit-learn params the package lacks', async () => {
    await expectSweepError(
      () => createEstimator('random-forest', { max_samples: 0.5, criterion: 'gini' }, 'mljs').fit(fromRows([[0], [1]]), [0, 1]),
      'SWEEP_ESTIMATOR_INVALID_INPUT',
      /max_samples, criterion are not supported by the mljs engine of random-forest/,
    );
  });
});
