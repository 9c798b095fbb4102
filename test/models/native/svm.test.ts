/**
 * The native svm and linear-svm beyond the contract suite: probabilities, the kernel cache bound,
 * non-convergence notes, class weights and the cache's LRU bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import { NativeLinearSvm } from '../../../src/models/native/linear-svm.js';
import { NativeSvm, resolveGamma } from '../../../src/models/native/svm.js';
import { RowCache } from '../../../src/models/native/svm/row-cache.js';
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

describe('RowCache (libsvm Cache)', () => {
  it('holds at most its budget of rows, evicting the least recently used', () => {
    const l = 100;
    const cache = new RowCache(l, 4 * (l * 8 + 3 * l)); // room for 3 full rows after headers
    expect(cache.capacity).toBe(3);
    for (const i of [0, 1, 2]) expect(cache.get(i, l).start).toBe(0);
    expect(cache.get(0, l).start).toBe(l); // hit; 0 is now most recent
    expect(cache.get(3, l).start).toBe(0); // evicts 1
    expect(cache.get(2, l).start).toBe(l);
    expect(cache.get(1, l).start).toBe(0);
    expect(cache.allocatedBytes).toBeLessThanOrEqual(3 * l * 4);
  });

  it('swap exchanges two rows and the two entries inside every row long enough, dropping shorter ones', () => {
    const cache = new RowCache(4, 1 << 20);
    const a = cache.get(0, 4).data;
    a.set([10, 11, 12, 13]);
    const b = cache.get(1, 2).data;
    b.set([20, 21]);
    cache.swap(1, 3);
    expect(Array.from(cache.get(0, 4).data)).toEqual([10, 13, 12, 11]);
    expect(cache.get(3, 2).start).toBe(0); // row 1 moved to position 3, too short to hold entry 3: dropped
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
