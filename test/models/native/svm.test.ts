/**
 * The native svm and linear-svm beyond the contract suite: probabilities, the kernel cache bound,
 * non-convergence notes, class weights and the cache's LRU bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import { NativeLinearSvm } from '../../../src/models/native/linear-svm.js';
import { NativeSvm, resolveGamma } from '../../../src/models/native/svm.js';
import { TrainingKernel } from '../../../src/models/native/svm/kernel.js';
import { CacheArena, RowCache } from '../../../src/models/native/svm/row-cache.js';
import { accuracy, makeBlobs } from '../../helpers/check-estimator.js';

const blobs = makeBlobs(5, 40, 4, ['a', 'b', 'c']);

describe('native svm', () => {
  it('probability: true gives rows that sum to 1 whose argmax agrees with predict on separated blobs', async () => {
    const est = await new NativeSvm({ probability: true }).fit(blobs.X, blobs.y);
    expect(est.tags().proba).toBe(true);
    const proba = est.predictProba(blobs.X);
    const yhat = est.predict(blobs.X);
    for (let i = 0; i < proba.rows; i++) {
      const row = Array.from(proba.data.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(est.classes_![row.indexOf(Math.max(...row))]).toBe(yhat[i]);
    }
  });

  it('without probability, predictProba fails with a hint naming the param', async () => {
    const est = await new NativeSvm().fit(blobs.X, blobs.y);
    expect(est.tags().proba).toBe(false);
    expect(() => est.predictProba(blobs.X)).toThrow(/probability: true/);
  });

  it("gamma 'scale' is 1 / (n_features · X.var()), 'auto' 1 / n_features", () => {
    const X = { data: Float64Array.from([0, 2, 4, 6]), rows: 2, cols: 2 };
    expect(resolveGamma('scale', X)).toBeCloseTo(1 / (2 * 5), 15);
    expect(resolveGamma('auto', X)).toBe(0.5);
    expect(resolveGamma('scale', { data: new Float64Array(4).fill(3), rows: 2, cols: 2 })).toBe(1);
  });

  it('a tiny cache_size gives the same model (the cache bounds memory, not the result)', async () => {
    const big = await new NativeSvm().fit(blobs.X, blobs.y);
    const tiny = await new NativeSvm({ cache_size: 0.0001 }).fit(blobs.X, blobs.y);
    expect(tiny.decisionFunction(blobs.X).data).toEqual(big.decisionFunction(blobs.X).data);
  });

  it('max_iter stops the solver early and says so in fitNotes_', async () => {
    const est = await new NativeSvm({ max_iter: 2 }).fit(blobs.X, blobs.y);
    expect(est.fitNotes_.join('\n')).toMatch(/stopped at max_iter = 2 in 3 of 3 binary problems/);
    const converged = await new NativeSvm().fit(blobs.X, blobs.y);
    expect(converged.fitNotes_).toEqual([]);
  });

  it('class_weight raises the bound of the weighted class (more of its rows inside the margin)', async () => {
    const noisy = makeBlobs(9, 30, 2, ['x', 'y']);
    for (let k = 0; k < noisy.X.data.length; k++) noisy.X.data[k] = noisy.X.data[k]! * 0.15;
    const plain = await new NativeSvm({ kernel: 'linear' }).fit(noisy.X, noisy.y);
    const weighted = await new NativeSvm({ kernel: 'linear', class_weight: { x: 10 } }).fit(noisy.X, noisy.y);
    const recallX = (est: NativeSvm): number => accuracy(noisy.y.filter((l) => l === 'x'), est.predict(noisy.X).filter((_, i) => noisy.y[i] === 'x'));
    expect(recallX(weighted)).toBeGreaterThanOrEqual(recallX(plain));
    expect(weighted.decisionFunction(noisy.X).data).not.toEqual(plain.decisionFunction(noisy.X).data);
  });
});

describe('native linear-svm', () => {
  it('max_iter reached is a fit note; hinge loss and class_weight fit', async () => {
    const est = await new NativeLinearSvm({ max_iter: 1 }).fit(blobs.X, blobs.y);
    expect(est.fitNotes_).toEqual([expect.stringMatching(/failed to converge in max_iter = 1/)]);
    const hinge = await new NativeLinearSvm({ loss: 'hinge', class_weight: 'balanced' }).fit(blobs.X, blobs.y);
    expect(accuracy(blobs.y, hinge.predict(blobs.X))).toBeGreaterThan(0.95);
    expect(hinge.tags().proba).toBe(false);
    expect(() => hinge.predictProba(blobs.X)).toThrow(/no predict_proba/);
  });
});

describe('ProblemKernel (kernel rows of one binary problem)', () => {
  it('gives y_i y_k K(x_i, x_k) in the solver order after swaps, on dense rows (the dense kernel), one-hot rows (bits) and both mixed', () => {
    const rows = 60;
    const cols = 7;
    const dense = new Float64Array(rows * cols).map((_, k) => Math.sin(k * 1.7) * 2);
    const oneHot = new Float64Array(rows * cols).map((_, k) => ((k * 7919) % 5 === 0 ? 1 : 0));
    const order = Int32Array.from({ length: rows }, (_, m) => (m * 37) % rows); // a permutation
    // One-hot plus one standardized-like column (bits and sparse floats together).
    const mixed = oneHot.map((v, k) => (k % cols === 0 ? Math.cos(k) * 1.5 : v));
    for (const data of [dense, oneHot, mixed]) {
      for (const kind of ['rbf', 'poly'] as const) {
        const spec = { kernel: kind, gamma: 0.1, degree: 3, coef0: 1 };
        const kernel = new TrainingKernel(data, rows, cols, spec, order);
        expect(kernel.matrix !== null).toBe(data === dense); // dense rows go to the dense kernel
        const K = (a: number, b: number): number => {
          let dot = 0;
          let dist = 0;
          for (let c = 0; c < cols; c++) {
            dot += data[a * cols + c]! * data[b * cols + c]!;
            dist += (data[a * cols + c]! - data[b * cols + c]!) ** 2;
          }
          return kind === 'rbf' ? Math.exp(-0.1 * dist) : (0.1 * dot + 1) ** 3;
        };
        // Rows of the problem: every third row of the matrix order and a block (gaps and runs).
        const problemRows = Int32Array.from([...Array.from(order).filter((_, m) => m % 3 === 0), ...Array.from(order.subarray(40, 50))]);
        const y = Int8Array.from(problemRows, (_, k) => (k % 2 === 0 ? 1 : -1));
        const problem = kernel.problem(problemRows);
        problem.swap(0, 5);
        problem.swap(3, problemRows.length - 1);
        [y[0], y[5]] = [y[5]!, y[0]!];
        [y[3], y[problemRows.length - 1]] = [y[problemRows.length - 1]!, y[3]!];
        const l = problemRows.length;
        for (const i of [0, 3, 9]) {
          const out = new Float32Array(l);
          problem.block(i, y, 2, l, out);
          expect(out[0]).toBe(0);
          for (let k = 2; k < l; k++) expect(out[k]).toBeCloseTo(y[i]! * y[k]! * K(problem.train[i]!, problem.train[k]!), 4);
          expect(problem.diag(i)).toBeCloseTo(K(problem.train[i]!, problem.train[i]!), 9);
        }
      }
    }
  });
});

describe('RowCache (libsvm Cache)', () => {
  /** How many values of row i were cached before this request. */
  const had = (cache: RowCache, i: number, len: number): number => {
    cache.get(i, len);
    return cache.filled;
  };

  it('holds at most its budget of rows, evicting the least recently used', () => {
    const l = 100;
    const cache = new RowCache(l, 4 * (l * 8 + 3 * l)); // room for 3 full rows after headers
    expect(cache.capacity).toBe(3);
    for (const i of [0, 1, 2]) expect(had(cache, i, l)).toBe(0);
    expect(had(cache, 0, l)).toBe(l); // hit; 0 is now most recent
    expect(had(cache, 3, l)).toBe(0); // evicts 1
    expect(had(cache, 2, l)).toBe(l);
    expect(had(cache, 1, l)).toBe(0);
    expect(cache.allocatedBytes).toBeLessThanOrEqual(3 * l * 4);
  });

  it('swap exchanges two rows and the two entries inside every row long enough, dropping shorter ones', () => {
    const cache = new RowCache(4, 1 << 20);
    const a = cache.get(0, 4);
    a.set([10, 11, 12, 13]);
    const b = cache.get(1, 2);
    b.set([20, 21]);
    cache.swap(1, 3);
    expect(Array.from(cache.get(0, 4))).toEqual([10, 13, 12, 11]);
    expect(had(cache, 3, 2)).toBe(0); // row 1 moved to position 3, too short to hold entry 3: dropped
  });

  it('allocates row storage as rows are first asked for, and the next cache of a fit reuses it from the arena', () => {
    const arena = new CacheArena();
    const first = new RowCache(1000, 200 * 1048576, arena);
    for (let i = 0; i < 10; i++) first.get(i, 1000).fill(i);
    const buffer = first.get(0, 1000).buffer;
    expect(first.allocatedBytes).toBe(10 * 1000 * 4); // not the 200 MB budget
    expect(arena.allocatedBytes).toBeLessThanOrEqual(4 * 1048576 + 1000 * 4); // one chunk so far
    const held = arena.allocatedBytes;
    expect(new RowCache(10, 1 << 20, arena).get(0, 10)).not.toBe(undefined); // arena busy: own storage
    expect(arena.allocatedBytes).toBe(held);
    first.release();
    const second = new RowCache(800, 200 * 1048576, arena);
    const row = second.get(0, 800);
    expect(second.filled).toBe(0);
    expect(row.buffer).toBe(buffer); // the same chunk, cut into rows of 800
    expect(arena.allocatedBytes).toBe(held);
    second.release();
  });
});

describe('predictWithProba', () => {
  it('gives predict and predictProba from one call (k-NN: argmax of the probabilities; svm: its own vote)', async () => {
    const { createEstimator } = await import('../../../src/models/index.js');
    for (const [algorithm, params] of [['knn', {}], ['svm', { probability: true }]] as const) {
      const est = await createEstimator(algorithm, params).fit(blobs.X, blobs.y);
      const both = est.predictWithProba!(blobs.X);
      expect(both.labels).toEqual(est.predict(blobs.X));
      expect(both.proba.data).toEqual(est.predictProba!(blobs.X).data);
    }
  });
});
