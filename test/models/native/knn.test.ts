import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRows, type Label, type Matrix, type Params } from '../../../src/core/index.js';
import { setPruneMinWork } from '../../../src/models/native/kernels/knn-search.js';
import { NativeKnn, nativeKnn } from '../../../src/models/native/knn.js';
import { adultOneHot, concat, fashion, hasDatasets, slice, type Data } from '../../fixtures/models/native/knn-nb-datasets.js';

interface KnnCase {
  name: string;
  dataset: 'fashion' | 'adult-onehot' | 'adult-onehot-categorical';
  params: Params;
  train_rows: [number, number];
  test_rows: [number, number];
  classes: Label[];
  predict: Label[];
  proba: number[][];
  neighbors: number[][];
  distances: number[][];
  boundary_ties: number;
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/models/native/knn-parity.json', import.meta.url), 'utf8')) as {
  _source: string;
  cases: KnnCase[];
};

// These slices are small enough that `auto` would run brute force; prune anyway so that every
// 'auto and brute agree' check below compares two different searches.
let pruneMinWork = 0;
beforeAll(() => {
  pruneMinWork = setPruneMinWork(0);
});
afterAll(() => {
  setPruneMinWork(pruneMinWork);
});

function dropColumns(d: Data, n: number): Data {
  const cols = d.X.cols - n;
  const data = new Float64Array(d.X.rows * cols);
  for (let i = 0; i < d.X.rows; i++) data.set(d.X.data.subarray(i * d.X.cols + n, (i + 1) * d.X.cols), i * cols);
  return { X: { data, rows: d.X.rows, cols }, y: d.y };
}

/** scikit-learn's neighbours of one query re-sorted by (distance, index), our documented order. */
function sklearnOrder(c: KnnCase, i: number): number[] {
  const pairs = c.neighbors[i]!.map((idx, j) => [c.distances[i]![j]!, idx] as const);
  return [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
}

describe.runIf(hasDatasets())('native k-NN matches scikit-learn 1.2.1 brute force on real slices', () => {
  const cache = new Map<string, Data>();
  const load = (name: KnnCase['dataset']): Data => {
    if (!cache.has(name)) {
      if (name === 'fashion') cache.set(name, concat(fashion('train', 2000), fashion('t10k', 300)));
      else if (name === 'adult-onehot') cache.set(name, adultOneHot());
      else cache.set(name, dropColumns(load('adult-onehot'), 6));
    }
    return cache.get(name)!;
  };

  it('fixture comes from scikit-learn 1.2.1 and has tie cases to exercise', () => {
    expect(fixture._source).toContain('scikit-learn 1.2.1');
    // queries whose k-th and (k+1)-th distances are equal, where the pick depends on tie-breaking
    expect(fixture.cases.map((c) => c.boundary_ties).filter((n) => n > 0)).toEqual([5, 376, 368]);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: same neighbours, predictions and probabilities (auto and brute)`, async () => {
      const data = load(c.dataset);
      const train = slice(data, ...c.train_rows);
      const test = slice(data, ...c.test_rows);
      // cosine has no pruning: auto and brute are the same code path
      for (const algorithm of c.params['metric'] === 'cosine' ? ['auto'] : ['auto', 'brute']) {
        const est = (await nativeKnn.create({ ...c.params, algorithm }).fit(train.X, train.y)) as NativeKnn;
        const nb = est.kneighbors(test.X);
        let mismatches = 0;
        let maxDistDiff = 0;
        for (let i = 0; i < nb.rows; i++) {
          const ours = Array.from(nb.indices.subarray(i * nb.k, (i + 1) * nb.k));
          if (JSON.stringify(ours) !== JSON.stringify(sklearnOrder(c, i))) mismatches++;
          const sortedD = [...c.distances[i]!].sort((a, b) => a - b);
          for (let j = 0; j < nb.k; j++) maxDistDiff = Math.max(maxDistDiff, Math.abs(nb.distances[i * nb.k + j]! - sortedD[j]!) / Math.max(1, sortedD[j]!));
        }
        // Exact ties at the k-th place resolve as scikit-learn's one-thread heap for euclidean,
        // manhattan and minkowski: no query may differ, ties included (749 boundary ties). For
        // cosine scikit-learn selects with argpartition, so only boundary-tie queries may differ.
        expect(mismatches).toBeLessThanOrEqual(c.params['metric'] === 'cosine' ? c.boundary_ties : 0);
        expect(maxDistDiff).toBeLessThan(1e-12);
        expect(est.predict(test.X)).toEqual(c.predict);
        const proba = est.predictProba(test.X);
        let maxProbaDiff = 0;
        for (let i = 0; i < proba.rows; i++) {
          for (let j = 0; j < proba.cols; j++) maxProbaDiff = Math.max(maxProbaDiff, Math.abs(proba.data[i * proba.cols + j]! - c.proba[i]![j]!));
        }
        expect(maxProbaDiff).toBeLessThan(1e-12);
      }
    });
  }

  it('a JSON round trip predicts identically (int16 and float64 storage)', async () => {
    for (const name of ['fashion', 'adult-onehot'] as const) {
      const data = load(name);
      const train = slice(data, 0, 1000);
      const test = slice(data, 2000, 2100);
      const est = await nativeKnn.create({ weights: 'distance' }).fit(train.X, train.y);
      const restored = nativeKnn.load(JSON.parse(JSON.stringify(est.toJSON())));
      expect(restored.predict(test.X)).toEqual(est.predict(test.X));
      expect(restored.predictProba!(test.X).data).toEqual(est.predictProba!(test.X).data);
    }
  });
});

describe('native k-NN tie-breaking and weights', () => {
  // Rows 0..3 are equidistant from the query; labels differ so the chosen rows show.
  const equidistant = (scale: number): Matrix => fromRows([[1 * scale, 0], [0, 1 * scale], [-1 * scale, 0], [0, -1 * scale], [5 * scale, 5 * scale]]);
  for (const [label, scale] of [['small integers (int16 kernel)', 1], ['non-integers (float64 loops)', 0.5]] as const) {
    for (const metric of ['euclidean', 'manhattan', 'minkowski'] as const) {
      it(`exact ties keep the first k rows offered, as scikit-learn's heap: ${label}, ${metric}`, async () => {
        const est = (await nativeKnn.create({ n_neighbors: 2, metric, p: 3 }).fit(equidistant(scale), ['d', 'c', 'b', 'a', 'e'])) as NativeKnn;
        const nb = est.kneighbors(fromRows([[0, 0]]));
        expect(Array.from(nb.indices)).toEqual([0, 1]);
        const four = est.kneighbors(fromRows([[0, 0]]), 4);
        expect(Array.from(four.indices)).toEqual([0, 1, 2, 3]);
      });
    }
  }

  it('an argmax tie between classes goes to the first class in classes_ order', async () => {
    const est = await nativeKnn.create({ n_neighbors: 2 }).fit(equidistant(1), ['z', 'y', 'b', 'a', 'e']);
    // neighbours 0 ('z') and 1 ('y'): one vote each; classes_ = [a, b, e, y, z] → 'y'
    expect(est.predict(fromRows([[0, 0]]))).toEqual(['y']);
  });

  it('distance weights: a zero distance takes all the weight (scikit-learn _get_weights)', async () => {
    const X = fromRows([[0], [1], [2], [10]]);
    const est = await nativeKnn.create({ n_neighbors: 3, weights: 'distance' }).fit(X, ['a', 'b', 'b', 'b']);
    expect(Array.from(est.predictProba!(fromRows([[0]])).data)).toEqual([1, 0]);
    expect(est.predict(fromRows([[0]]))).toEqual(['a']);
    // query 0.5: neighbours 0 (d .5), 1 (d .5), 2 (d 1.5): weights 2, 2, 2/3
    const p = est.predictProba!(fromRows([[0.5]])).data;
    expect(p[0]).toBeCloseTo(2 / (2 + 2 + 2 / 3), 14);
  });

  it('uniform weights: probabilities are vote fractions', async () => {
    const est = await nativeKnn.create({ n_neighbors: 3 }).fit(fromRows([[0], [1], [2], [10]]), ['a', 'b', 'b', 'b']);
    expect(Array.from(est.predictProba!(fromRows([[0]])).data)).toEqual([1 / 3, 2 / 3]);
  });

  it('large integers fall back to float64 and stay exact', async () => {
    const X = fromRows([[100000, 1], [100003, 0], [99998, 0], [50000, 1]]);
    const est = (await nativeKnn.create({ n_neighbors: 2 }).fit(X, [0, 1, 1, 0])) as NativeKnn;
    const nb = est.kneighbors(fromRows([[100001, 1]]));
    expect(Array.from(nb.indices)).toEqual([0, 1]);
    expect(Array.from(nb.distances)).toEqual([1, Math.sqrt(5)]);
  });
});

describe('native k-NN params and input checks', () => {
  it('has scikit-learn defaults', () => {
    expect(new NativeKnn().getParams()).toEqual({ n_neighbors: 5, weights: 'uniform', metric: 'euclidean', p: 2, algorithm: 'auto', n_jobs: null });
  });
  it('rejects unknown values and keys', () => {
    expect(nativeKnn.paramsSchema.safeParse({ metric: 'chebyshev' }).success).toBe(false);
    expect(nativeKnn.paramsSchema.safeParse({ n_neighbors: 0 }).success).toBe(false);
    expect(nativeKnn.paramsSchema.safeParse({ algorithm: 'ball_tree' }).success).toBe(false);
    expect(nativeKnn.paramsSchema.safeParse({ k: 3 }).success).toBe(false);
  });
  it('n_neighbors larger than the training set fails in fit', async () => {
    await expect(nativeKnn.create({ n_neighbors: 5 }).fit(fromRows([[0], [1]]), [0, 1])).rejects.toThrow(/only 2 rows/);
  });
  it('predict checks the feature count', async () => {
    const est = await nativeKnn.create({ n_neighbors: 1 }).fit(fromRows([[0, 1], [1, 0]]), [0, 1]);
    expect(() => est.predict(fromRows([[0]]))).toThrow(/2/);
  });
});

describe('WebAssembly kernel module', () => {
  it('every committed kernel module (knn-i16, dense) is up to date with its .wat', async () => {
    // @ts-expect-error: plain .mjs build script without types
    const build = (await import('../../../scripts/build-wasm.mjs')) as { kernels(): { wat: string; ts: string }[]; assemble(wat: string): Promise<string> };
    const all = build.kernels();
    expect(all.length).toBeGreaterThan(0);
    for (const { wat, ts } of all) expect(readFileSync(ts, 'utf8'), `${ts} is stale: run node scripts/build-wasm.mjs`).toBe(await build.assemble(wat));
  });
});

describe('native k-NN kneighbors input checks', () => {
  it('rejects NaN queries and k out of range', async () => {
    const est = (await nativeKnn.create({ n_neighbors: 1 }).fit(fromRows([[0], [1]]), [0, 1])) as NativeKnn;
    expect(() => est.kneighbors(fromRows([[Number.NaN]]))).toThrow(/NaN/);
    expect(() => est.kneighbors(fromRows([[0]]), 3)).toThrow(/between 1 and the 2/);
    expect(Array.from(est.kneighbors(fromRows([[0.9]]), 2).indices)).toEqual([1, 0]);
  });
});

describe('native k-NN determinism', () => {
  it('the same data gives the same model and the same neighbours', async () => {
    const X = fromRows([[0, 3], [2, 0], [1, 1], [3, 2], [0, 0], [2, 3]]);
    const y = ['a', 'b', 'a', 'b', 'c', 'c'];
    const a = await nativeKnn.create({ n_neighbors: 3, weights: 'distance' }).fit(X, y);
    const b = await nativeKnn.create({ n_neighbors: 3, weights: 'distance' }).fit(X, y);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(a.predictProba!(X).data).toEqual(b.predictProba!(X).data);
  });
});

describe('native k-NN search paths agree', () => {
  it('pruned, blocked and float64 searches give identical neighbours on tie-heavy small integers', async () => {
    // 1027 rows (not a multiple of 4) of values 0..2: exact ties everywhere, so queries go through
    // the tie fallback of the pruned search; +0.5 shifts the same data onto the float64 path.
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % 3;
    };
    const rows = (n: number, shift: number): number[][] => Array.from({ length: n }, () => Array.from({ length: 40 }, () => next() + shift));
    const train = rows(1027, 0);
    const queries = rows(60, 0);
    const y = train.map((_, i) => i % 3);
    const results: string[] = [];
    for (const [algorithm, shift] of [['auto', 0], ['brute', 0], ['auto', 0.5], ['brute', 0.5]] as const) {
      const est = (await nativeKnn.create({ n_neighbors: 7, algorithm }).fit(fromRows(train.map((r) => r.map((v) => v + shift))), y)) as NativeKnn;
      const nb = est.kneighbors(fromRows(queries.map((r) => r.map((v) => v + shift))));
      results.push(JSON.stringify(Array.from(nb.indices)));
    }
    expect(new Set(results).size).toBe(1);
  });
});
