/**
 * The grower counts a node's samples three ways: per sample from the bin columns, from the packed
 * bits of two-bin features, and from the minority-row lists of mostly-one-bin features. The last
 * two are shortcuts, as is reading small nodes from row-major codes, so a tree grown with them
 * must be the tree grown without them.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/index.js';
import { binMatrix, type BinnedData } from '../../../src/models/native/tree/binning.js';
import { addTreeProba, compactTree } from '../../../src/models/native/tree/compact.js';
import { GrowScratch, growTree, type GrowOptions, type GrownTree } from '../../../src/models/native/tree/grow.js';

/** Rows mixing one-hot blocks, a mostly-ones flag, sparse counts and dense values. */
function mixedData(n: number, K: number, seed: number): { X: Float64Array; y: Int32Array; p: number } {
  const rng = new Random(seed);
  const p = 12;
  const X = new Float64Array(n * p);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = X.subarray(i * p, (i + 1) * p);
    const level = rng.randint(5);
    row[level] = 1; // one-hot block: columns 0..4
    row[5] = rng.random() < 0.9 ? 1 : 0; // two bins, major bin 1
    row[6] = rng.random() < 0.08 ? 1 + rng.randint(6) : 0; // sparse count
    row[7] = rng.random() < 0.15 ? rng.normal() : 0; // sparse real
    row[8] = rng.normal(); // dense
    row[9] = rng.randint(3); // dense small integers
    row[10] = rng.random() < 0.05 ? 1 : 0; // rare flag that moves the class
    row[11] = 0; // constant
    const score = level + 2 * row[6]! + row[8]! + (row[5] === 0 ? 3 : 0) + 4 * row[10]! + rng.normal();
    y[i] = Math.min(K - 1, Math.max(0, Math.floor(score / (8 / K))));
  }
  return { X, y, p };
}

/** The same binned data with the shortcuts switched off (every feature counted per sample). */
function withoutShortcuts(data: BinnedData): BinnedData {
  return { ...data, bitOffset: new Int32Array(data.p).fill(-1), major: new Int32Array(data.p).fill(-1) };
}

function expectSameTree(a: GrownTree, b: GrownTree): void {
  expect(a.nodeCount).toBe(b.nodeCount);
  expect(Array.from(a.feature)).toEqual(Array.from(b.feature));
  expect(Array.from(a.binThreshold)).toEqual(Array.from(b.binThreshold));
  expect(Array.from(a.left)).toEqual(Array.from(b.left));
  expect(Array.from(a.value)).toEqual(Array.from(b.value));
}

const base: GrowOptions = {
  criterion: 'gini',
  maxDepth: Infinity,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minImpurityDecrease: 0,
  maxFeatures: 12,
  maxLeafNodes: 0,
  ccpAlpha: 0,
};

describe('tree growth: packed bits, minority lists and row-major codes change nothing', () => {
  const n = 3000;
  for (const K of [2, 3]) {
    for (const criterion of ['gini', 'entropy'] as const) {
      it(`${K} classes, ${criterion}: bootstrap weights and per-split feature draws`, () => {
        const { X, y, p } = mixedData(n, K, 7 + K);
        const data = binMatrix(X, n, p, 256);
        // The shortcuts are in play: two-bin features are packed and sparse ones listed.
        expect(Array.from(data.bitOffset).filter((o) => o >= 0).length).toBeGreaterThanOrEqual(7);
        expect(data.major[5]).toBe(1);
        expect(data.major[6]).toBe(0);
        expect(data.major[8]).toBe(-1);
        const weight = new Float64Array(n);
        const draw = new Random(3);
        for (let d = 0; d < n; d++) weight[draw.randint(n)]!++;
        const options = { ...base, criterion, maxFeatures: 4 };
        const fast = growTree(data, y, K, weight, options, new Random(11));
        const plain = growTree(withoutShortcuts(data), y, K, weight, options, new Random(11));
        expect(fast.nodeCount).toBeGreaterThan(50);
        expectSameTree(fast, plain);
      });
    }
    it(`${K} classes: unweighted, every feature, with min_samples_leaf`, () => {
      const { X, y, p } = mixedData(n, K, 21 + K);
      const data = binMatrix(X, n, p, 256);
      const options = { ...base, minSamplesLeaf: 5 };
      expectSameTree(growTree(data, y, K, null, options, null), growTree(withoutShortcuts(data), y, K, null, options, null));
    });
  }
  it('row-major codes (built for wide multi-bin data such as pixels) change nothing', () => {
    const { X, y, p } = mixedData(n, 3, 13);
    const data = binMatrix(X, n, p, 256);
    // Four of twelve features have more than two bins: too few for binMatrix to build rows.
    expect(data.rowBins).toBeNull();
    const rowBins = new Uint8Array(n * p);
    for (let f = 0; f < p; f++) for (let i = 0; i < n; i++) rowBins[i * p + f] = data.bins[f * n + i]!;
    const withRows = { ...data, rowBins };
    // Every feature: the grower also gathers small nodes into a local block and keeps full
    // histograms of large ones; sampled features: small nodes read from the rows.
    for (const maxFeatures of [12, 4]) {
      const options = { ...base, maxFeatures };
      const rng = (): Random | null => (maxFeatures === 12 ? null : new Random(5));
      expectSameTree(growTree(withRows, y, 3, null, options, rng()), growTree(data, y, 3, null, options, rng()));
    }
    const pixels = Float64Array.from({ length: 200 * 16 }, (_, k) => (k * 37) % 11);
    expect(binMatrix(pixels, 200, 16, 256).rowBins).not.toBeNull();
  });

  it('a scratch reused across trees (as forest threads do) gives the same trees as fresh ones', () => {
    const { X, y, p } = mixedData(n, 3, 5);
    const data = binMatrix(X, n, p, 256);
    const weights = [1, 2, 3].map((seed) => {
      const w = new Float64Array(n);
      const draw = new Random(seed);
      for (let d = 0; d < n; d++) w[draw.randint(n)]!++;
      return w;
    });
    const options = { ...base, maxFeatures: 4 };
    const scratch = new GrowScratch(n);
    const reused = weights.map((w, i) => growTree(data, y, 3, w, options, new Random(i), scratch));
    const fresh = weights.map((w, i) => growTree(data, y, 3, w, options, new Random(i)));
    reused.forEach((tree, i) => expectSameTree(tree, fresh[i]!));
    expect(() => growTree(data, y, 3, null, options, null, new GrowScratch(n - 1))).toThrow(/scratch is for 2999 rows/);
  });

  it('prediction sums only non-zero leaf fractions and gets the dense sum, bit for bit', () => {
    const { X, y, p } = mixedData(n, 3, 9);
    const tree = compactTree(growTree(binMatrix(X, n, p, 256), y, 3, null, { ...base, minSamplesLeaf: 40 }, null));
    const rows = 1001; // not a multiple of the four rows walked together
    const Xq = X.subarray(0, rows * p);
    const fast = new Float64Array(rows * 3).fill(0.25);
    addTreeProba(tree, Xq, rows, p, fast, 0.7);
    const dense = new Float64Array(rows * 3).fill(0.25);
    let impure = 0;
    for (let r = 0; r < rows; r++) {
      let node = 0;
      while (tree.left[node] !== -1) node = Xq[r * p + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      const leaf = tree.right[node]!;
      if (tree.proba[leaf * 3] !== 1 && tree.proba[leaf * 3 + 1] !== 1 && tree.proba[leaf * 3 + 2] !== 1) impure++;
      for (let c = 0; c < 3; c++) dense[r * 3 + c]! += 0.7 * tree.proba[leaf * 3 + c]!;
    }
    expect(impure).toBeGreaterThan(100);
    expect(Array.from(fast)).toEqual(Array.from(dense));
  });
});
